# Pelican settings for the At The Roots essay blog.
# Flat constants only. Development and publishing differ by overrides passed in
# from plugins/toolkit/settings.py (DEV and PUBLISH there), not by a second settings file.
# Defaults here are the safe ones: no drafts, no future essays, no feeds
# without an absolute SITEURL.

# Site identity
SITENAME = "At The Roots"
SITESUBTITLE = "Essays on peer support, lived experience and community"
AUTHOR = "At The Roots"
SITEURL = ""
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# Where things are (relative to this file)
PATH = "content"
ARTICLE_PATHS = ["essays"]
PAGE_PATHS = ["pages"]
# Not "images": the plugin publishes cleaned copies of the photos published essays
# show (plugins/essays/body/images.py), never the originals with their metadata.
STATIC_PATHS = ["extra"]
EXTRA_PATH_METADATA = {}
OUTPUT_PATH = "output"
CACHE_PATH = "cache"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["essays"]

# Reading: our plugin's reader parses YAML front matter and caches each essay
# with typogrify already applied (Pelican's own TYPOGRIFY runs after its cache,
# on every build, so it would not be cached). ESSAYS_TYPOGRIFY is ours and on.
TYPOGRIFY = False
ESSAYS_TYPOGRIFY = True
MARKDOWN = {
    "extensions": [
        "markdown.extensions.extra",
        "markdown.extensions.nl2br",
        "markdown.extensions.sane_lists",
        # Every heading gets an id and a visible link to itself (plugins/essays/body/headings.py
        # labels it); an essay with three or more sections lists them (article.html).
        "markdown.extensions.toc",
    ],
    "extension_configs": {
        # Footnotes come with `extra`, so their settings go through it.
        "markdown.extensions.extra": {
            "footnotes": {"BACKLINK_TITLE": "Back to the text of note %d"},
        },
        "markdown.extensions.toc": {"permalink": "#"},
    },
    "output_format": "html5",
}
DEFAULT_CATEGORY = "Essays"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "mtime"
# One language, no translations: two files with one slug are a mistake our
# plugin reports with both names, not a translation pair for Pelican to guess.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
# The cache stays on this machine: compressing it costs about half a second a build.
GZIP_CACHE = False

# Publishing rules: drafts are never written and essays dated in the future
# wait (a scheduled rebuild publishes them); the preview's DEV overrides show both.
WITH_FUTURE_DATES = False
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DELETE_OUTPUT_DIRECTORY = True

# Pretty URLs: every page is a folder with an index.html
ARTICLE_URL = "essays/{slug}/"
ARTICLE_SAVE_AS = "essays/{slug}/index.html"
ARTICLE_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_SAVE_AS = ""
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
INDEX_URL = ""  # page 1 of the essay list links to "/", not "/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
# Series pages come from our plugin (essays/series/pages.py), not from Pelican
SERIES_URL = "series/{slug}/"
SERIES_SAVE_AS = "series/{slug}/index.html"
SERIES_INDEX_URL = "series/"
SERIES_INDEX_SAVE_AS = "series/index.html"
# One author and a single category: their pages would repeat the archive.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# 404.html at the root, where static hosts look for it
# The support, subscribe and search pages are templates too (theme/templates/support.html ...).
DIRECT_TEMPLATES = ["index", "tags", "archives", "404", "support", "subscribe", "search"]
SUPPORT_URL = "support/"
SUPPORT_SAVE_AS = "support/index.html"
SUBSCRIBE_URL = "subscribe/"
SUBSCRIBE_SAVE_AS = "subscribe/index.html"
# The one page that runs a script: Pagefind's search (README, "Search"). Its index is
# written by `invoke publish` into pagefind/ (plugins/toolkit/publish/search_index.py).
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
SEARCH_BUNDLE_URL = "pagefind/"
TEMPLATE_PAGES = {}
# The file name is the address: content/essays/my-essay.md -> /essays/my-essay/
SLUGIFY_SOURCE = "basename"
# One slug rule for essays, tags, series and photo copies (essays/addresses.py,
# slug_for): Pelican's own, except that "&" reads as "and" (Roots & Routes ->
# roots-and-routes).
SLUG_REGEX_SUBSTITUTIONS = [
    (r"&", " and "),
    (r"[^\w\s-]", ""),  # Pelican's defaults from here on
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
TAG_REGEX_SUBSTITUTIONS = SLUG_REGEX_SUBSTITUTIONS

# Pagination: page N lives in its own folder, so no two names can collide
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "tag": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's own feeds stay off: ours (below) keep titles plain, carry the full
# essay and give entry ids that survive a change of the site's address.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Templates: autoescape on, our theme only
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
RELATIVE_URLS = False
# Theme files also copied to the site's root: browsers and feed readers ask for
# /favicon.ico. The icons are a placeholder (README, Open content items).
ESSAYS_ROOT_FILES = ["icons/favicon.ico"]
# Pages whose Content-Security-Policy needs an exception (plugins/essays/assets.py has
# the policy). Only the search page runs a script: the site's own files, and Pagefind's
# WebAssembly ('wasm-unsafe-eval' compiles WebAssembly, never JavaScript text). The gate
# allows <script src> of the site's own files on these pages only.
CSP_EXCEPTIONS = {"search/index.html": {"script-src": "'self' 'wasm-unsafe-eval'"}}

# Feeds, sitemap.xml, robots.txt (plugins/essays/syndication/) need absolute URLs:
# off here, PUBLISH in plugins/toolkit/settings.py turns them on with an absolute SITEURL.
ESSAYS_FEEDS_AND_SITEMAP = False
# Every feed entry id is made from this fixed value, the essay's slug and the day
# of its date, never from the site's address. Changing it makes every feed reader
# show every essay again as new: leave it as it is.
ESSAYS_FEED_ID = "bee0c313-84d5-42f5-8fb2-e3be668dfd0a"
# Photos: the most pixels a photo in content/images/ may have, read from its header
# before it is decoded (40 megapixels is a 7,700 x 5,200 photo: more than any screen).
ESSAYS_MAX_IMAGE_PIXELS = 40_000_000
# Link previews of pages without a photo (a placeholder: see README, Open content items)
ESSAYS_SHARE_IMAGE = {
    "path": "theme/images/share.png",
    "alt": "The name At The Roots in dark letters on a plain light background",
    "width": 1200,
    "height": 630,
}

# The site around the essays. Text here is printed as it is written (escaped).
# Above the list of essays on the home page; only what the organisation said of itself.
HOME_INTRODUCTION = (
    "At The Roots LLC is a peer-support organisation in Eau Claire, Wisconsin. "
    "These are its essays about the work."
)
# Shown in every page's footer. An open content item (README): empty shows a placeholder.
CONTACT_LINE = ""
# The address where a file in content/ can be edited, ending in "/", e.g.
# "https://github.com/OWNER/REPO/edit/main/content/". Empty: no "Edit this essay" link.
EDIT_CONTENT_URL = ""
# The support page (/support/), linked from every footer and every content note.
# National US services (public facts, to be confirmed by the organisation: README).
# Each contact is a link: "tel:" to call, "sms:" to text.
SUPPORT_RESOURCES = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "about": "Call or text 988, any time of day or night, if you are struggling "
        "or worried about someone. It is free and confidential.",
        "contacts": [
            {"label": "Call 988", "href": "tel:988"},
            {"label": "Text 988", "href": "sms:988"},
        ],
    },
    {
        "name": "Crisis Text Line",
        "about": "Text HOME to 741741 to reach a trained crisis counselor, any time.",
        "contacts": [{"label": "Text HOME to 741741", "href": "sms:741741?body=HOME"}],
    },
    {
        "name": "SAMHSA National Helpline",
        "about": "Free, confidential information and referrals for mental health "
        "and substance use, any time of day or night.",
        "contacts": [{"label": "Call 1-800-662-4357", "href": "tel:+18006624357"}],
    },
    {
        "name": "National Human Trafficking Hotline",
        "about": "Call for help, or to report a situation, any time.",
        "contacts": [{"label": "Call 1-888-373-7888", "href": "tel:+18883737888"}],
    },
    {
        "name": "Emergency services",
        "about": "If you or someone else is in immediate danger, call 911.",
        "contacts": [{"label": "Call 911", "href": "tel:911"}],
    },
]
# Services in and around Eau Claire, in the same shape: an open content item (README)
# for the organisation to fill. While it is empty the support page says so.
SUPPORT_LOCAL_RESOURCES = []
