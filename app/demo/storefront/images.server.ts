// Product images of the demo shop (/demo-images/<department>.svg): one calm illustration per
// department, drawn inline so the demo needs no image files or network.
import type { Department } from "../catalog";

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
