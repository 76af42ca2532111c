// Images of the demo shop, drawn as small inline SVGs so the demo needs no image files or network:
// one calm illustration per department (/demo-images/<department>.svg, the home page's
// collections) and one per product (/demo-images/<handle>.svg): the object its name says (a tent,
// a sleeping bag, a camera, a memory card, beans…) in a colour of its own, with its name.
import type { Department, ProductTemplate } from "../catalog";

const ART: Record<Department, { bg: string; fg: string; accent: string; shapes: string }> = {
  camping: {
    bg: "#e7efe6",
    fg: "#2f5d50",
    accent: "#e9b949",
    shapes: `<circle cx="300" cy="110" r="34" fill="ACCENT"/>
<path d="M60 330 L200 120 L340 330 Z" fill="FG"/><path d="M200 120 L160 330 H240 Z" fill="#1f3f36"/>
<path d="M30 330 H370" stroke="FG" stroke-width="8" stroke-linecap="round"/>`,
  },
  photography: {
    bg: "#ecebf3",
    fg: "#34344a",
    accent: "#8f8fd6",
    shapes: `<rect x="70" y="130" width="260" height="170" rx="26" fill="FG"/><rect x="115" y="104" width="80" height="40" rx="10" fill="FG"/>
<circle cx="200" cy="215" r="62" fill="#f4f4fa"/><circle cx="200" cy="215" r="42" fill="ACCENT"/><circle cx="186" cy="200" r="12" fill="#f4f4fa" opacity=".8"/>
<circle cx="296" cy="156" r="9" fill="ACCENT"/>`,
  },
  coffee: {
    bg: "#f3ebe3",
    fg: "#6b4226",
    accent: "#c98b5a",
    shapes: `<path d="M165 90 q-18 25 0 50 q18 25 0 50" stroke="ACCENT" stroke-width="9" fill="none" stroke-linecap="round"/>
<path d="M225 90 q-18 25 0 50 q18 25 0 50" stroke="ACCENT" stroke-width="9" fill="none" stroke-linecap="round"/>
<path d="M100 200 H290 V250 a80 80 0 0 1 -80 80 H180 a80 80 0 0 1 -80 -80 Z" fill="FG"/>
<path d="M290 215 h18 a32 32 0 0 1 0 64 h-24" stroke="FG" stroke-width="14" fill="none"/>
<rect x="80" y="330" width="240" height="14" rx="7" fill="ACCENT"/>`,
  },
  running: {
    bg: "#e6eef5",
    fg: "#1f4e79",
    accent: "#f2734b",
    shapes: `<path d="M70 280 C70 230 110 200 150 190 L190 150 C210 170 240 185 270 200 C320 220 340 250 340 280 Z" fill="FG"/>
<rect x="60" y="280" width="290" height="30" rx="15" fill="ACCENT"/>
<path d="M175 175 l25 20 M160 190 l25 20 M145 205 l25 20" stroke="#e6eef5" stroke-width="7" stroke-linecap="round"/>`,
  },
  "home-office": {
    bg: "#eef0ea",
    fg: "#3d4a3a",
    accent: "#7fb3a3",
    shapes: `<rect x="80" y="100" width="240" height="160" rx="14" fill="FG"/><rect x="96" y="116" width="208" height="128" rx="6" fill="ACCENT"/>
<rect x="185" y="260" width="30" height="50" fill="FG"/><rect x="130" y="305" width="140" height="14" rx="7" fill="FG"/>
<circle cx="310" cy="320" r="6" fill="ACCENT"/>`,
  },
  kitchen: {
    bg: "#f5ecec",
    fg: "#7a3b3b",
    accent: "#e0a458",
    shapes: `<rect x="90" y="170" width="220" height="130" rx="22" fill="FG"/><rect x="70" y="160" width="260" height="22" rx="11" fill="FG"/>
<rect x="180" y="135" width="40" height="24" rx="8" fill="FG"/><path d="M70 200 H40 M330 200 H360" stroke="FG" stroke-width="14" stroke-linecap="round"/>
<rect x="110" y="220" width="180" height="10" rx="5" fill="ACCENT" opacity=".8"/>`,
  },
  essentials: {
    bg: "#efeee9",
    fg: "#4b4a44",
    accent: "#d9b44a",
    shapes: `<path d="M110 150 H290 L310 320 H90 Z" fill="FG"/><path d="M160 150 v-20 a40 40 0 0 1 80 0 v20" stroke="FG" stroke-width="12" fill="none"/>
<rect x="140" y="210" width="120" height="16" rx="8" fill="ACCENT"/>`,
  },
};

export function departmentSvg(department: Department): string {
  const art = ART[department];
  const shapes = art.shapes.replace(/FG/g, art.fg).replace(/ACCENT/g, art.accent);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="800" height="800" role="img"><rect width="400" height="400" fill="${art.bg}"/>${shapes}</svg>`;
}

/** Objects a product's name can ask for; the first keyword found in the title wins. */
const OBJECTS: [RegExp, string][] = [
  [/tent/i, `<path d="M70 300 L200 110 L330 300 Z" fill="FG"/><path d="M200 110 L165 300 H235 Z" fill="SHADE"/>`],
  [
    /sleeping bag|quilt/i,
    `<rect x="120" y="90" width="160" height="230" rx="70" fill="FG"/><rect x="140" y="110" width="120" height="60" rx="30" fill="SHADE"/><path d="M200 175 V305" stroke="ACCENT" stroke-width="6"/>`,
  ],
  [
    /sleeping pad|mat\b/i,
    `<rect x="90" y="150" width="220" height="110" rx="20" fill="FG"/><path d="M130 150 V260 M170 150 V260 M210 150 V260 M250 150 V260" stroke="SHADE" stroke-width="6"/>`,
  ],
  [
    /camera|lens/i,
    `<rect x="90" y="140" width="220" height="150" rx="22" fill="FG"/><rect x="125" y="115" width="70" height="35" rx="8" fill="FG"/><circle cx="200" cy="215" r="52" fill="#f4f4fa"/><circle cx="200" cy="215" r="34" fill="ACCENT"/>`,
  ],
  [
    /card|drive|ssd/i,
    `<path d="M130 100 H250 L280 130 V300 H130 Z" fill="FG"/><rect x="150" y="120" width="14" height="40" fill="ACCENT"/><rect x="175" y="120" width="14" height="40" fill="ACCENT"/><rect x="200" y="120" width="14" height="40" fill="ACCENT"/>`,
  ],
  [
    /espresso machine|grinder|kettle|machine/i,
    `<rect x="110" y="100" width="180" height="200" rx="16" fill="FG"/><rect x="140" y="190" width="120" height="16" fill="SHADE"/><rect x="175" y="206" width="50" height="50" rx="6" fill="ACCENT"/><rect x="100" y="300" width="200" height="16" rx="8" fill="SHADE"/>`,
  ],
  [
    /bean|coffee|tea/i,
    `<ellipse cx="165" cy="200" rx="48" ry="70" transform="rotate(-20 165 200)" fill="FG"/><ellipse cx="245" cy="215" rx="48" ry="70" transform="rotate(25 245 215)" fill="SHADE"/><path d="M150 145 q30 55 0 110 M255 160 q-30 55 0 110" stroke="ACCENT" stroke-width="7" fill="none"/>`,
  ],
  [
    /mug|cup/i,
    `<path d="M120 150 H260 V270 a30 30 0 0 1 -30 30 H150 a30 30 0 0 1 -30 -30 Z" fill="FG"/><path d="M260 175 h22 a30 30 0 0 1 0 60 h-22" stroke="FG" stroke-width="14" fill="none"/>`,
  ],
  [
    /shoe|sneaker|trainer|racer/i,
    `<path d="M70 270 C70 220 110 195 150 185 L190 145 C210 165 240 180 270 195 C320 215 340 245 340 270 Z" fill="FG"/><rect x="60" y="270" width="290" height="26" rx="13" fill="ACCENT"/>`,
  ],
  [
    /sock/i,
    `<path d="M170 90 H240 V230 L290 270 a35 35 0 0 1 -40 55 L170 270 Z" fill="FG"/><rect x="170" y="90" width="70" height="30" fill="ACCENT"/>`,
  ],
  [
    /jacket|shirt|tee|shell|hoodie|vest|top/i,
    `<path d="M150 100 L110 130 L80 200 L115 215 L130 180 V310 H270 V180 L285 215 L320 200 L290 130 L250 100 Q200 140 150 100 Z" fill="FG"/>`,
  ],
  [
    /laptop|notebook/i,
    `<rect x="100" y="110" width="200" height="140" rx="10" fill="FG"/><rect x="114" y="124" width="172" height="112" rx="4" fill="ACCENT"/><path d="M70 260 H330 L310 290 H90 Z" fill="SHADE"/>`,
  ],
  [
    /keyboard/i,
    `<rect x="70" y="150" width="260" height="110" rx="14" fill="FG"/><g fill="ACCENT"><rect x="90" y="170" width="30" height="22" rx="4"/><rect x="130" y="170" width="30" height="22" rx="4"/><rect x="170" y="170" width="30" height="22" rx="4"/><rect x="210" y="170" width="30" height="22" rx="4"/><rect x="250" y="170" width="30" height="22" rx="4"/><rect x="120" y="210" width="160" height="22" rx="4"/></g>`,
  ],
  [
    /mouse/i,
    `<rect x="150" y="110" width="100" height="170" rx="50" fill="FG"/><path d="M200 110 V170" stroke="ACCENT" stroke-width="6"/>`,
  ],
  [
    /stand|monitor|screen/i,
    `<rect x="90" y="100" width="220" height="140" rx="10" fill="FG"/><rect x="185" y="240" width="30" height="50" fill="SHADE"/><rect x="130" y="290" width="140" height="14" rx="7" fill="SHADE"/>`,
  ],
  [
    /knife|blade/i,
    `<path d="M80 250 L290 130 Q320 130 310 160 L130 275 Z" fill="#d7d7d7"/><rect x="40" y="250" width="90" height="30" rx="10" transform="rotate(-30 85 265)" fill="FG"/>`,
  ],
  [
    /lamp|lantern|headlamp|light/i,
    `<circle cx="200" cy="180" r="70" fill="ACCENT"/><rect x="170" y="250" width="60" height="60" rx="8" fill="FG"/><path d="M200 80 V60 M120 110 l-15 -15 M280 110 l15 -15" stroke="ACCENT" stroke-width="8" stroke-linecap="round"/>`,
  ],
  [
    /batter/i,
    `<rect x="140" y="110" width="50" height="190" rx="10" fill="FG"/><rect x="210" y="110" width="50" height="190" rx="10" fill="SHADE"/><rect x="152" y="95" width="26" height="16" fill="ACCENT"/><rect x="222" y="95" width="26" height="16" fill="ACCENT"/>`,
  ],
  [
    /bottle|flask|canister|fuel/i,
    `<rect x="160" y="95" width="80" height="30" rx="8" fill="ACCENT"/><rect x="140" y="125" width="120" height="185" rx="30" fill="FG"/>`,
  ],
  [
    /backpack|daypack|bag|tote/i,
    `<rect x="120" y="130" width="160" height="180" rx="30" fill="FG"/><path d="M160 130 v-25 a40 40 0 0 1 80 0 v25" stroke="FG" stroke-width="14" fill="none"/><rect x="150" y="200" width="100" height="60" rx="10" fill="SHADE"/>`,
  ],
  [
    /chair|stool/i,
    `<rect x="130" y="100" width="140" height="110" rx="10" fill="FG"/><rect x="120" y="210" width="160" height="24" rx="6" fill="SHADE"/><path d="M135 234 L115 310 M265 234 L285 310" stroke="FG" stroke-width="14" stroke-linecap="round"/>`,
  ],
  [
    /table|desk/i,
    `<rect x="80" y="150" width="240" height="26" rx="6" fill="FG"/><path d="M110 176 V300 M290 176 V300" stroke="SHADE" stroke-width="16" stroke-linecap="round"/>`,
  ],
  [
    /pan|pot|cookset|skillet|wok|oven/i,
    `<circle cx="190" cy="215" r="85" fill="FG"/><circle cx="190" cy="215" r="62" fill="SHADE"/><rect x="270" y="205" width="90" height="22" rx="11" fill="FG"/>`,
  ],
  [
    /stove|burner/i,
    `<rect x="90" y="170" width="220" height="110" rx="14" fill="FG"/><circle cx="150" cy="170" r="30" fill="SHADE"/><circle cx="250" cy="170" r="30" fill="SHADE"/><path d="M150 120 q-12 -20 0 -40 q12 20 0 40 M250 120 q-12 -20 0 -40 q12 20 0 40" fill="ACCENT"/>`,
  ],
  [
    /stake|peg|pole/i,
    `<path d="M140 90 L160 310 M200 90 L200 310 M260 90 L240 310" stroke="FG" stroke-width="14" stroke-linecap="round"/><path d="M125 90 H155 M185 90 H215 M245 90 H275" stroke="ACCENT" stroke-width="12" stroke-linecap="round"/>`,
  ],
  [
    /hammock/i,
    `<path d="M70 150 Q200 320 330 150" stroke="FG" stroke-width="40" fill="none"/><path d="M50 120 L80 160 M350 120 L320 160" stroke="SHADE" stroke-width="8"/>`,
  ],
  [
    /filter|purifier|kit/i,
    `<rect x="120" y="120" width="160" height="170" rx="16" fill="FG"/><path d="M200 160 V250 M155 205 H245" stroke="ACCENT" stroke-width="22" stroke-linecap="round"/>`,
  ],
  [
    /gift card/i,
    `<rect x="80" y="130" width="240" height="150" rx="16" fill="FG"/><path d="M200 130 V280 M80 190 H320" stroke="ACCENT" stroke-width="12"/>`,
  ],
];

/** 32-bit FNV-1a of a string: a product's own, stable colour. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The product's own image: the object its name names, in a colour of its own, with its name below. */
export function productSvg(product: Pick<ProductTemplate, "handle" | "title" | "department" | "productType">): string {
  const art = ART[product.department];
  const h = hash(product.handle);
  const hue = h % 360;
  const fg = `hsl(${hue} 38% 34%)`;
  const shade = `hsl(${hue} 38% 24%)`;
  const accent = `hsl(${(hue + 150) % 360} 62% 60%)`;
  const name = `${product.title} ${product.productType}`;
  const object = OBJECTS.find(([re]) => re.test(name))?.[1] ?? art.shapes;
  const shapes = object
    .replace(/SHADE/g, shade)
    .replace(/FG/g, fg)
    .replace(/ACCENT/g, accent);
  const words = product.title.split(" ");
  const lines: string[] = [""];
  for (const w of words) {
    if ((lines[lines.length - 1] + " " + w).trim().length > 24 && lines[lines.length - 1]) lines.push(w);
    else lines[lines.length - 1] = (lines[lines.length - 1] + " " + w).trim();
  }
  const label = lines
    .slice(0, 2)
    .map(
      (l, i) =>
        `<text x="200" y="${348 + i * 22}" text-anchor="middle" font-family="system-ui,sans-serif" font-size="19" fill="#333">${esc(l)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="800" height="800" role="img"><title>${esc(product.title)}</title><rect width="400" height="400" fill="${art.bg}"/><g transform="translate(20 -10) scale(.9)">${shapes}</g>${label}</svg>`;
}
