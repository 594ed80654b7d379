// Filled in with the PGlite snapshot / PostgreSQL template set-up (see test/support/db.ts).
export default async function setup() {}
