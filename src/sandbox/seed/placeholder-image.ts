/** A small generated picture for seeded sites and unit types (no binary assets in the repo). */
export function placeholderSvg(label: string): Uint8Array {
  const text = label.replace(/[<&>"]/g, '');
  const hue = [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  return new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">` +
      `<rect width="640" height="400" fill="hsl(${hue},45%,88%)"/>` +
      `<rect x="120" y="120" width="400" height="200" rx="8" fill="hsl(${hue},40%,45%)"/>` +
      `<g stroke="hsl(${hue},30%,80%)" stroke-width="6">${[0, 1, 2, 3, 4, 5].map((i) => `<line x1="140" x2="500" y1="${150 + i * 28}" y2="${150 + i * 28}"/>`).join('')}</g>` +
      `<text x="320" y="80" font-family="sans-serif" font-size="30" text-anchor="middle" fill="#222">${text}</text></svg>`,
  );
}
