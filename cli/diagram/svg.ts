/**
 * Mermaid → SVG without a browser, through `beautiful-mermaid` (a maintained,
 * pure-JavaScript renderer: its own parser and the ELK layout, no DOM, no
 * Puppeteer/Chromium). The package is ESM-only, so it is loaded with a real
 * dynamic `import()` that the CommonJS transform leaves alone.
 */
import { UsageError } from "../errors";

export const SVG_RENDERER = "beautiful-mermaid";

type Renderer = { renderMermaidSVG: (text: string, options?: Record<string, unknown>) => string };

// A `new Function` keeps `import()` from being rewritten to `require()`, which cannot load an ESM-only package.
const dynamicImport = new Function("specifier", "return import(specifier)") as (
  s: string,
) => Promise<unknown>;

async function loadRenderer(): Promise<Renderer> {
  try {
    return (await dynamicImport(SVG_RENDERER)) as Renderer;
  } catch {
    throw new UsageError(
      `platform diagram: --format svg needs the npm package ${SVG_RENDERER} (run \`npm ci\`); --format mermaid works without it`,
    );
  }
}

export const COLORS = { bg: "#FFFFFF", fg: "#27272A" } as const;

/**
 * Renders Mermaid flowchart text as a standalone, portable SVG: the
 * renderer's web-font `@import` is dropped (the file loads nothing from the
 * network), and its CSS custom properties are flattened to plain colors so
 * that viewers without `var()`/`color-mix()` (librsvg, Inkscape, converters)
 * draw it as browsers do.
 */
export async function mermaidToSvg(mermaid: string): Promise<string> {
  const { renderMermaidSVG } = await loadRenderer();
  const svg = renderMermaidSVG(mermaid, { ...COLORS, font: "DejaVu Sans", padding: 24 });
  return flattenCssColors(svg.replace(/^\s*@import url\([^)]*\);\s*$/gm, ""), COLORS);
}

/** Splits `a, b(c, d), e` at its top-level commas. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")") depth--;
    else if (s[i] === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

function hex(c: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : undefined;
}

/** Evaluates the CSS color expressions the renderer uses: hex, `var(--x, fallback)`, `color-mix(in srgb, A p%, B)`. */
export function evaluateColor(
  expr: string,
  vars: Readonly<Record<string, string>>,
): string | undefined {
  const e = expr.trim();
  if (hex(e)) return e.toUpperCase();
  const v = /^var\(\s*--([\w-]+)\s*(?:,([\s\S]*))?\)$/.exec(e);
  if (v) return vars[v[1]] ?? (v[2] !== undefined ? evaluateColor(v[2], vars) : undefined);
  const mix = /^color-mix\(([\s\S]*)\)$/.exec(e);
  if (mix) {
    const [space, a, b] = splitArgs(mix[1]);
    const pa = /^(.*?)\s+(\d+(?:\.\d+)?)%$/.exec(a ?? "");
    if (space !== "in srgb" || !pa || b === undefined) return undefined;
    const ca = hex(evaluateColor(pa[1], vars) ?? "");
    const cb = hex(evaluateColor(b, vars) ?? "");
    if (!ca || !cb) return undefined;
    const w = Number(pa[2]) / 100;
    return `#${ca
      .map((x, i) =>
        Math.round(x * w + cb[i] * (1 - w))
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")
      .toUpperCase()}`;
  }
  return undefined;
}

/** Replaces every `var(--name)` the SVG's style defines (and bg/fg) with its plain color. */
export function flattenCssColors(svg: string, base: Readonly<Record<string, string>>): string {
  const vars: Record<string, string> = { ...base };
  for (const m of svg.matchAll(/--(_[\w-]+):\s*([^;]+);/g)) {
    const value = evaluateColor(m[2], vars);
    if (value !== undefined) vars[m[1]] = value;
  }
  return svg.replace(/var\(--([\w-]+)\)/g, (whole, name: string) => vars[name] ?? whole);
}
