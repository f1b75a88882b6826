"""The suggestion core: the engine, its context, effects registry, guards, ownership, outbox and lock."""
