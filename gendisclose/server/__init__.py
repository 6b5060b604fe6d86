"""``gendisclose serve``: the finance bureau's web page (issue 18).

Departments upload their workbooks through their own link and see every problem at its cell;
the bureau sees every department's state and publishes the set. Modules:

* :mod:`.app` — the Starlette application and ``serve``;
* :mod:`.routes`, :mod:`.routes_admin`, :mod:`.api` — the department's pages, the bureau's
  pages, the JSON API; :mod:`.web` — what they share (templates, session, CSRF, uploads);
* :mod:`.service` — the operations (upload → check → build) over
* :mod:`.db` (SQLite, WAL, migrations), :mod:`.storage` (content-addressed files),
  :mod:`.auth` (password, codes, signed sessions, CSRF) and :mod:`.jobs` / :mod:`.work`
  (worker processes with a time limit).
"""
