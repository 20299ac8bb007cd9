"""What each static-site generator is known by, as data: its config files, the keys only its
config has, the packages that install it, and the folders that are never content.

``site_config`` reads a site's files against these; ``layouts`` reads each generator's folders.
"""

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
# Content pages some generators take in HTML; found to be reported, never imported.
HTML_SUFFIXES = (".html", ".htm")

# A repository often keeps its site in one of these (GitHub Pages serves docs/).
SITE_SUBFOLDERS = ("docs", "site", "website", "blog", "www")
# Folder names that hold a blog's posts when the config does not say which folder does.
POST_FOLDER_NAMES = frozenset(
    {"posts", "post", "blog", "blogs", "news", "articles", "article", "writing", "journal"}
)
# Collection tags that put an Eleventy file among the blog's posts.
POST_TAGS = frozenset({"post", "posts", "blog", "blogpost", "blogposts", "article", "articles"})
FOLDER_NOTES = ("README", "CHANGELOG", "CHANGES", "LICENSE", "CONTRIBUTING", "SECURITY")

ELEVENTY_CONFIGS = (
    ".eleventy.js",
    ".eleventy.cjs",
    "eleventy.config.js",
    "eleventy.config.cjs",
    "eleventy.config.mjs",
    "eleventy.config.ts",
    "eleventy.config.cts",
    "eleventy.config.mts",
)
ASTRO_CONFIGS = ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts")
GATSBY_CONFIGS = ("gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs", "gatsby-config.cjs")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
GENERIC_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")

# Keys only one generator's _config.yml has (Hexo's defaults: hexo/lib/hexo/default_config.js).
HEXO_KEYS = frozenset(
    {
        "new_post_name",
        "source_dir",
        "public_dir",
        "post_asset_folder",
        "default_layout",
        "render_drafts",
        "tag_dir",
        "archive_dir",
        "category_dir",
        "code_dir",
        "i18n_dir",
        "titlecase",
        "filename_case",
        "external_link",
        "skip_render",
        "per_page",
        "pagination_dir",
    }
)
JEKYLL_KEYS = frozenset(
    {
        "markdown",
        "kramdown",
        "highlighter",
        "plugins",
        "gems",
        "collections",
        "collections_dir",
        "defaults",
        "exclude",
        "include",
        "source",
        "destination",
        "baseurl",
        "remote_theme",
        "paginate",
        "sass",
        "jekyll",
        "future",
        "show_drafts",
    }
)
# Zola's config.toml names its keys in snake_case (base_url); Hugo's in camelCase (baseURL).
ZOLA_KEYS = frozenset(
    {
        "base_url",
        "compile_sass",
        "build_search_index",
        "markdown",
        "generate_feed",
        "generate_feeds",
    }
)
HUGO_KEYS = frozenset(
    {
        "baseURL",
        "baseurl",
        "languageCode",
        "contentDir",
        "staticDir",
        "publishDir",
        "theme",
        "params",
        "menu",
        "menus",
        "permalinks",
        "taxonomies",
        "module",
        "markup",
        "paginate",
        "pagination",
    }
)

PACKAGES = {
    "eleventy": ("@11ty/eleventy",),
    "astro": ("astro",),
    "gatsby": ("gatsby",),
    "hexo": ("hexo",),
}

THEME = "part of the theme or templates ({name}/), not content."
COMMON_SKIPS = {
    "node_modules": "installed packages (node_modules/), not content.",
    "_site": "the built site (_site/), not a source.",
    "themes": THEME,
    "_layouts": THEME,
    "_includes": THEME,
    "layouts": THEME,
    "vendor": "installed packages (vendor/), not content.",
}
