"""The web layer of policykb: `kb serve`, a view over the library for browsers and other systems.

Pages for officials and a JSON API with the same paths under /api and the same shapes as the
CLI's `--json` (web.app); views gather data from kb (web.views), templates render it
(web/templates). It imports `indexer` only to index uploads; `kb` never imports it.
"""
