// A redirect page at each post's former address (its "aliases": the Wagtail address), as
// Hugo makes for its aliases.
module.exports = class {
  data() {
    return {
      pagination: {
        data: "collections.posts",
        size: 1,
        alias: "post",
        before: (posts) => posts.filter((post) => (post.data.aliases || []).length),
      },
      permalink: (data) => `${data.post.data.aliases[0].replace(/\/?$/, "/")}index.html`,
      eleventyExcludeFromCollections: true,
    };
  }

  render({ post }) {
    const url = post.url.replace(/"/g, "&quot;");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${url}</title><link rel="canonical" href="${url}"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=${url}"></head></html>\n`;
  }
};
