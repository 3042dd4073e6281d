"""The tools that run around Pelican: build driver, preview server, publishing gate.

tasks.py and the tests import this package; the Pelican plugin (plugins/essays/)
never does. Editing a module here keeps the reader cache warm (settings.cache_key).
"""
