// The blog's posts, exported from Wagtail: posts/*.md, their pictures in posts/images/.
module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("posts/images");

  // The day a post shows: a date is written as ISO text with the offset it was written in
  // ("2026-01-06T20:50:00-07:00"), so its first ten characters are the author's day, where
  // Eleventy's own Date would be the UTC instant (the next day for an evening at -07:00).
  eleventyConfig.addFilter("day", (value) =>
    value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10),
  );

  return {
    // The posts are Markdown only: code samples showing {{ }} or {% %} are shown, not run.
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
  };
};
