"""``govlint serve``: a local web page where editors check a draft in the browser.

``command.py`` is the command (arguments, the socket, the browser);
``app.py`` the Starlette application (routes, token, size limits, security
headers); ``drafts.py`` what a draft is and does (checked, edited, downloaded:
govlint's own engine, fixes and reports, no web code); ``forms.py`` reads a
request's form in memory with a size cap; ``layout.py`` makes an HTML
draft's own markup harmless for the sandboxed 原稿排版 frame; ``settings.py``
reads and edits a folder's ``.govlint.toml``; ``audits.py`` runs the
quarter's audit of a folder in a child process. Starlette, uvicorn and
python-multipart come with the optional extra ``pip install 'govlint[serve]'``;
the rest of govlint never imports this package.
"""
