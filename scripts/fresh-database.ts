// Creates an empty PostgreSQL database next to the one in DATABASE_URL and prints its URL.
// `--drop <url>` removes it again, with the per-test-file databases tests/setup.ts made beside it
// (`<name>_f…`). Used by scripts/test-all.sh; local servers only.
import pg from "pg";

async function main() {
  const [flag, target] = process.argv.slice(2);
  const base = new URL(flag === "--drop" ? target! : process.env.DATABASE_URL!);
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(base.hostname))
    throw new Error(`Refusing to create test databases on ${base.hostname}`);
  const name = flag === "--drop" ? base.pathname.slice(1) : `devicekeeper_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  if (flag === "--drop") {
    const { rows } = await client.query<{ datname: string }>(
      String.raw`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE replace(replace($1, '', '\'), '_', '\_') || '\_f%'`,
      [name],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname.replace(/"/g, '""')}" WITH (FORCE)`);
  } else {
    await client.query(`CREATE DATABASE "${name}"`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    console.log(url.toString());
  }
  await client.end();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
