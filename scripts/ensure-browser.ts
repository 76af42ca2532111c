// Part of `npm test`: the browser tests drive a Chromium with playwright-core. When none is found,
// this installs Debian's Chromium with apt-get (as root, where apt-get exists) and says so;
// otherwise it stops with what to do. `npx playwright install` is not used: it downloads from a CDN
// that closed networks cannot reach, while apt and the npm registry are the network we rely on.
//   CHROMIUM_PATH=/path/to/chrome npm test   uses that browser instead.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const DEFAULT = "/usr/bin/chromium";
const wanted = process.env.CHROMIUM_PATH ?? DEFAULT;

function main(): number {
  if (existsSync(wanted)) {
    console.log(`Browser tests: Chromium at ${wanted}.`);
    return 0;
  }
  if (process.env.CHROMIUM_PATH) {
    console.error(
      `Browser tests: CHROMIUM_PATH=${wanted} does not exist. Point it at a Chromium or Chrome binary, or unset it to use ${DEFAULT}.`,
    );
    return 1;
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"], { encoding: "utf8" }).status === 0;
  if (root && apt) {
    console.log(
      `Browser tests: no Chromium at ${DEFAULT}; installing Debian's chromium with apt-get (about a minute)…`,
    );
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (!existsSync(DEFAULT)) {
      console.error(`Browser tests: apt-get installed chromium, but ${DEFAULT} is still missing.`);
      return 1;
    }
    console.log(`Browser tests: installed Chromium at ${DEFAULT} with apt-get.`);
    return 0;
  }
  console.error(
    `Browser tests need Chromium at ${DEFAULT} and none was found${root ? " (apt-get is not available here)" : " (installing it needs root)"}.\n` +
      `Install it (Debian/Ubuntu: sudo apt-get install -y chromium), or run with CHROMIUM_PATH=/path/to/chrome npm test.`,
  );
  return 1;
}

process.exitCode = main();
