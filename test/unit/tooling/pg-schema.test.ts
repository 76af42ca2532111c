// prisma/postgresql/schema.prisma is generated from prisma/schema.prisma (scripts/lib/pg-schema.ts):
// the committed copy must be what the generator writes today, so a model added to the SQLite
// schema without `npm run db:pg-schema` (or `npm run db:diff`) fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, expectedPostgresSchema, postgresSchemaFrom } from "../../../scripts/lib/pg-schema";

const SAMPLE = `generator client {
  provider     = "prisma-client"
  output       = "../app/generated/prisma"
  engineType   = "client"
}

datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}

model Thing {
  id   String @id
  note String @default("provider = \\"sqlite\\" is just text here")
}
`;

describe("the PostgreSQL schema", () => {
  it("is committed exactly as the generator writes it from prisma/schema.prisma (not stale)", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8"), "run npm run db:pg-schema").toBe(expectedPostgresSchema());
  });

  it("differs from the SQLite schema only in the datasource provider, the client's folder and its header", () => {
    const pg = postgresSchemaFrom(SAMPLE);
    expect(pg).toMatch(/^\/\/ GENERATED from prisma\/schema\.prisma/);
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output       = "../../app/generated/prisma-pg"');
    // models are copied as written, including a string that merely mentions the provider
    expect(pg).toContain(SAMPLE.slice(SAMPLE.indexOf("model Thing")));
    expect(
      pg
        .split("\n")
        .filter((line) => !line.startsWith("//"))
        .join("\n")
        .trim(),
    ).toBe(
      SAMPLE.replace('provider = "sqlite"', 'provider = "postgresql"')
        .replace('"../app/generated/prisma"', '"../../app/generated/prisma-pg"')
        .trim(),
    );
  });

  it("picks up a model added to the SQLite schema with nothing else to do", () => {
    const added = `${SAMPLE}\nmodel Added {\n  id String @id\n  at DateTime @default(now())\n}\n`;
    expect(postgresSchemaFrom(added)).toContain("model Added {\n  id String @id\n  at DateTime @default(now())\n}");
  });

  it("refuses a shared schema that is not the SQLite one, or that uses a provider-specific native type", () => {
    expect(() => postgresSchemaFrom(SAMPLE.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
      /provider = "sqlite"/,
    );
    expect(() => postgresSchemaFrom(SAMPLE.replace("note String", "note String @db.Text"))).toThrow(
      /provider-specific/,
    );
  });
});
