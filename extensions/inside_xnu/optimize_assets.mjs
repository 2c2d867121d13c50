// Shrinks a built site's stylesheets and scripts in place.
//   * PurgeCSS drops CSS rules (and custom properties, keyframes) whose
//     selectors match nothing in any page or script of the site. Pages are
//     read as HTML (tags, classes, ids, attributes; not prose, so the word
//     "note" in a sentence keeps no admonition rule alive). Scripts are read
//     as words: a class a script adds is a string in it, so its rules stay.
//     furo's theme switch sets <body data-theme> from a script, so selectors
//     on data-theme are always kept.
//   * esbuild minifies every stylesheet, and every script not already minified.
// Input: one JSON object on stdin:
//   {"root": "<node_modules parent>", "content": [files], "css": [files], "js": [files]}
// Output: one JSON line {"<file>": [bytes before, bytes after], ...}.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const require = createRequire(path.join(job.root, "package.json"));
const { PurgeCSS } = await import(require.resolve("purgecss"));
const purgeHtml = (await import(require.resolve("purgecss-from-html"))).default;
const esbuild = await import(require.resolve("esbuild"));

const sizes = {};
const write = (file, text) => {
  const before = fs.statSync(file).size;
  fs.writeFileSync(file, text);
  sizes[file] = [before, Buffer.byteLength(text)];
};
const minified = (file) => /\.min\.js$/.test(file);
const minify = (text, loader) =>
  esbuild.transformSync(text, { loader, minify: true, legalComments: "inline", charset: "utf8" }).code;

// PurgeCSS's variable tracking only sees var(--x), not furo's var( --x ): it
// would drop --x as unused. Spell them all the recognised way first.
const tidyVars = (css) => css.replace(/var\(\s+(--[\w-]+)\s*(?=[,)])/g, "var($1");

const purged = await new PurgeCSS().purge({
  content: job.content,
  css: job.css.map((file) => ({ raw: tidyVars(fs.readFileSync(file, "utf8")) })),
  variables: true,
  keyframes: true,
  fontFace: true,
  extractors: [{ extractor: purgeHtml, extensions: ["html"] }],
  safelist: { greedy: [/data-theme/] },
});
purged.forEach(({ css }, index) => write(job.css[index], minify(css, "css")));
for (const file of job.js) {
  if (!minified(file)) write(file, minify(fs.readFileSync(file, "utf8"), "js"));
}
process.stdout.write(JSON.stringify(sizes) + "\n");
