"""The platform administrator's pages: the congresses on this deployment and their administrators."""
