"""Delivering a built package into Anki: import, verify and sync with Anki's own collection code.

One module per job:

- :mod:`~ankigen.deliver.collection`: opening a collection file, and how a note in it is shown;
- :mod:`~ankigen.deliver.apkg`: reading a package's notes and media list without Anki;
- :mod:`~ankigen.deliver.importing`: importing a package with ankigen's rules;
- :mod:`~ankigen.deliver.verify`: importing into a throwaway collection and checking the result;
- :mod:`~ankigen.deliver.remote`: the sync server (AnkiWeb or self-hosted), credentials, the session file;
- :mod:`~ankigen.deliver.orphans`: ankigen notes whose source is gone, tagged or deleted on request;
- :mod:`~ankigen.deliver.deletions`: notes deleted in Anki stay deleted;
- :mod:`~ankigen.deliver.sync`: pull, import, push, media, in that order;
- :mod:`~ankigen.deliver.rendering`: cards as Anki itself renders them, for ``ankigen preview``.

Only :mod:`ankigen.deliver._anki` imports :mod:`anki`, and only when a function needs it, so
``import ankigen`` works without the ``anki`` extra installed. Everything the outside world sees
is a frozen dataclass or an :class:`~ankigen.errors.AnkigenError` whose message says what to do.
"""
