"""Store backends: the embedded store (a folder, `kb.store`) and PostgreSQL (`kb.backends.postgres`).

`kb.backends.base` is the seam, `kb.backends.factory` chooses one for a location.
"""
