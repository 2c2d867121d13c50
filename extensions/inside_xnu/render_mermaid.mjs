// Renders mermaid diagrams with mermaid-cli's renderMermaid and one shared
// headless Chromium (the system one, found by chromium.py and passed in
// XNU_CHROMIUM: nothing is downloaded).
// SVG output is then shrunk by svgo (about a third smaller; renders the same
// to within anti-aliasing: see tests/test_diagrams.py).
// Protocol: one JSON request per stdin line
//   {"code": "...", "format": "svg"|"png"|"pdf", "theme": "default"|"dark", "out": "/path"}
// and one JSON reply per stdout line: {"ok": true} or {"ok": false, "error": "..."}.
import fs from "node:fs/promises";
import readline from "node:readline";
import { createRequire } from "node:module";
import path from "node:path";

const root = process.env.XNU_NODE_ROOT || process.cwd();
const require = createRequire(path.join(root, "package.json"));
const { renderMermaid } = await import(require.resolve("@mermaid-js/mermaid-cli"));
const puppeteer = (await import(require.resolve("puppeteer"))).default;
const { optimize } = await import(require.resolve("svgo"));

const browser = await puppeteer.launch({
  executablePath: process.env.XNU_CHROMIUM,
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

const base = {
  startOnLoad: false,
  securityLevel: "strict",
  flowchart: { htmlLabels: false },
  fontFamily: "DejaVu Sans, Verdana, Arial, sans-serif",
  deterministicIds: true,
  deterministicIDSeed: "inside-xnu",
};

// Mermaid styles shapes through <style> selectors such as ".cluster rect", so
// shapes must stay shapes and ids must keep their names.
const SVGO = {
  multipass: true,
  floatPrecision: 2,
  plugins: [{
    name: "preset-default",
    params: {
      overrides: {
        convertShapeToPath: false,
        cleanupIds: false,
        inlineStyles: false,
        minifyStyles: { usage: { force: true } },
      },
    },
  }],
};

async function render(request) {
  const mermaidConfig = { ...base, theme: request.theme || "default" };
  const { data } = await renderMermaid(browser, request.code, request.format, {
    mermaidConfig,
    backgroundColor: request.format === "svg" ? "transparent" : "white",
    viewport: { width: 1000, height: 800, deviceScaleFactor: request.format === "png" ? 2 : 1 },
    pdfFit: true,
    svgId: "d" + (request.id || "x"),
  });
  const output = request.format === "svg" ? optimize(Buffer.from(data).toString("utf8"), SVGO).data : data;
  await fs.writeFile(request.out, output);
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let reply;
  try {
    await render(JSON.parse(line));
    reply = { ok: true };
  } catch (error) {
    reply = { ok: false, error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
await browser.close();
