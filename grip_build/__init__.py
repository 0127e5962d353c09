"""Build-time MkDocs plugin: questionnaires -> validated model -> pages, assets and the browser runtime."""
