"""Sub-commands of the ``ankigen`` CLI; each module has ``register(subparsers)`` and ``run(args)``."""
