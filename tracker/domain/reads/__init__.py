"""Read models of the pages: lists, queues, the item dossier, desks and search; they never write."""
