"""What other programs read: feeds, sitemap.xml, and each page's link-preview data."""
