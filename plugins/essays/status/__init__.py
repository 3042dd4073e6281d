"""Whether each essay is out yet, and what follows from it: banners, the drafts page, links."""
