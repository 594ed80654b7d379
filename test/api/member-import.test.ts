import ExcelJS from "exceljs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleEndpoints } from "../../src/contract/endpoints/console";
import { memberEndpoints } from "../../src/contract/endpoints/members";
import { memberImportEndpoints } from "../../src/contract/endpoints/member-import";
import { endpointUrl } from "../../src/contract/endpoint";
import { queryRows } from "../../src/server/db/client";
import { runImport, type RunImport } from "../../src/server/features/members/import";
import { consents, importedProfiles, ledgerEntries, members, pointLots, preferenceAnswers, users } from "../../src/server/db/schema";
import { preferenceEndpoints } from "../../src/contract/endpoints/preferences";
import { enrolledMember, testApi, type TestApi } from "../support/api";
import { consoleSession, importedEarn, makeStore } from "../support/factories";
import { expectLedgerInvariants } from "../support/loyalty";

/** Issue 17, member import: dry run, import, re-run, claimed profile, hostile files (on PGlite and PostgreSQL). */
describe("member import", () => {
  let api: TestApi;
  let manager: string;
  let seq = 0;
  let storeId: string;
  const phone = () => `0912${String(++seq).padStart(6, "0")}`;

  beforeAll(async () => {
    api = await testApi();
    manager = await consoleSession(api, "manager");
    storeId = (await makeStore(api, { name: "Quận 1" })).id;
  });
  afterAll(() => api.close());

  const upload = (kind: "dryRun" | "run", fileName: string, body: string | Uint8Array, token = manager, importId = crypto.randomUUID()) =>
    api.call("POST", endpointUrl(memberImportEndpoints[kind], { query: kind === "run" ? { fileName, importId } : { fileName } }), {
      token,
      rawBody: body,
      headers: { "content-type": "text/csv" },
    });
  const countRows = async (table: string) =>
    Number((await queryRows<{ n: string }>(api.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n);
  const intl = (p: string) => `84${p.slice(1)}`;
  /** A member who joined through Zalo (`name` null: Zalo gave none) and shared `p`. */
  const joined = async (p: string, name: string | null) => {
    const id = `merge-${++seq}`;
    const m = await enrolledMember(api, id, name);
    await share(m, id, p);
    return { ...m, id };
  };
  const share = (m: Awaited<ReturnType<typeof enrolledMember>>, id: string, p: string) =>
    api.ok(memberEndpoints.phone, { token: m.session.accessToken, body: { phoneToken: `dev-phone:${p}`, accessToken: `dev:${id}` } });
  const memberRow = async (memberId: string) =>
    (
      await api.database.db
        .select({ balance: members.pointsBalance, tier: members.tier, name: users.displayName })
        .from(members)
        .innerJoin(users, eq(users.id, members.userId))
        .where(eq(members.id, memberId))
    )[0]!;
  const openingEntries = (memberIds: string[]) =>
    queryRows<{ member_id: string; points: number }>(
      api.database.db,
      sql`select member_id, points::int from ledger_entries where member_reason = 'opening_balance' and points > 0
          and member_id in (${sql.join(
            memberIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    );

  /** runImport as the brand's manager, one CSV row per [phone, points], with a test's hooks. */
  const importDirect = async (fileName: string, rows: [string, number][], hooks: Pick<RunImport, "onChecked" | "onBatchLookedUp">) => {
    const [m] = await api.database.db.select().from(users).where(eq(users.role, "manager")).limit(1);
    return runImport(
      api.database.db,
      api.clock.now(),
      { userId: m!.id, brandId: m!.brandId, role: "manager" },
      {
        importId: crypto.randomUUID(),
        fileName,
        bytes: new TextEncoder().encode(`phone,points\n${rows.map((r) => r.join(",")).join("\n")}\n`),
        ...hooks,
      },
    );
  };

  it("a dry run lists each row's problems by row and column and changes nothing", async () => {
    const before = await countRows("members");
    const csv = [
      "Số điện thoại,Họ tên,Ngày sinh,Điểm,Hạng,Cửa hàng",
      `${phone()},Nguyễn An,05/03/1990,1.200,Vàng,Quận 1`,
      `12345,Sai số,31/02/1990,-5,Bạch kim,Hà Nội`,
      `0912000001,"Trùng, số",,,,`,
    ].join("\r\n");
    const res = await upload("dryRun", "hoi-vien.csv", csv);
    expect(res.status).toBe(200);
    expect(memberImportEndpoints.dryRun.response.safeParse(res.body).success).toBe(true);
    expect(res.body).toMatchObject({ total: 3, toImport: 1, alreadyImported: 0, refused: 2, points: 1200, problemCount: 6 });
    expect(
      res.body.problems.map((p: { params: { row: number }; field: string; code: string }) => `${p.params.row}:${p.field}:${p.code}`),
    ).toEqual([
      "3:phone:phone_invalid",
      "3:birthday:birthday_invalid",
      "3:points:points_negative",
      "3:tier:tier_unknown",
      "3:store:store_unknown",
      "4:phone:phone_duplicate",
    ]);
    expect(await countRows("members")).toBe(before);
    expect(await countRows("imported_profiles")).toBe(0);
  });

  it("imports one placeholder member per new phone with ONE opening-balance entry; a re-run changes nothing and says so", async () => {
    const rows = [phone(), phone(), phone()];
    const csv = `\uFEFFphone,name,points,tier,birthday\n${rows[0]},Lê Bình,500,gold,1991-07-20\n${rows[1]},Trần Chi,0,,\n${rows[2]},,"1,000",Member,\n`;
    const importId = crypto.randomUUID();
    const entriesBefore = await countRows("ledger_entries");
    const res = await upload("run", "members.csv", csv, manager, importId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: importId, status: "done", total: 3, processed: 3, imported: 3, skipped: 0, refused: 0 });
    // The job the console polls, and the same id again: the same job, nothing done twice.
    expect((await api.ok(memberImportEndpoints.job, { token: manager, params: { importId } })).body).toEqual(res.body);
    expect((await upload("run", "members.csv", csv, manager, importId)).body).toEqual(res.body);

    const profiles = await api.database.db.select().from(importedProfiles).where(eq(importedProfiles.importId, importId));
    expect(profiles).toHaveLength(3);
    const binh = profiles.find((p) => p.name === "Lê Bình")!;
    expect(binh).toMatchObject({
      phone: `84${rows[0]!.slice(1)}`,
      points: 500,
      tier: "gold",
      birthYear: 1991,
      birthMonth: 7,
      birthDay: 20,
    });
    const [m] = await api.database.db.select().from(members).where(eq(members.id, binh.memberId));
    expect(m).toMatchObject({ pointsBalance: 500, tier: "gold" });
    const entries = await api.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, binh.memberId));
    expect(entries).toMatchObject([
      { kind: "adjust", points: 500, balanceAfter: 500, memberReason: "opening_balance", actorKind: "manager" },
    ]);
    // Zero points: a member, no entry (the ledger has no zero entries).
    expect(await countRows("ledger_entries")).toBe(entriesBefore + 2);
    await expectLedgerInvariants(api.database);

    // A corrected file uploaded again: the phones already in are skipped and counted, only the new one is added.
    const again = await upload("run", "members-v2.csv", `${csv}${phone()},Mới,10,,\n`);
    expect(again.body).toMatchObject({ status: "done", total: 4, imported: 1, skipped: 3, refused: 0 });
    const dry = await upload("dryRun", "members.csv", csv);
    expect(dry.body).toMatchObject({ total: 3, toImport: 0, alreadyImported: 3, refused: 0 });
    expect(await countRows("ledger_entries")).toBe(entriesBefore + 3);
  });

  it("reads .xlsx: dates as dates, phones typed as numbers, formulas by their result", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Hội viên");
    sheet.addRow(["SĐT", "Họ và tên", "Ngày sinh", "Số điểm"]);
    const p = phone();
    sheet.addRow([Number(p), "Phạm Dung", new Date(Date.UTC(1988, 11, 24)), { formula: "100*3", result: 300 }]);
    sheet.addRow([]);
    sheet.addRow(["abc", "Sai", "x", 1]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const dry = await api.call("POST", endpointUrl(memberImportEndpoints.dryRun, { query: { fileName: "Danh sách.XLSX" } }), {
      token: manager,
      rawBody: bytes,
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ total: 2, toImport: 1, refused: 1, points: 300 });
    // Row numbers are the sheet's: the blank row 3 is counted in them.
    expect(dry.body.problems.map((x: { params: { row: number }; code: string }) => `${x.params.row}:${x.code}`)).toEqual([
      "4:phone_invalid",
      "4:birthday_invalid",
    ]);
  });

  it("a member who joins and shares an imported phone takes the profile over once; consent is asked, never copied", async () => {
    const p = phone();
    await upload("run", "claim.csv", `phone,name,points,tier,birthday\n${p},Hoàng Yến,700,gold,02/09/1995\n`);
    const [profile] = await api.database.db
      .select()
      .from(importedProfiles)
      .where(eq(importedProfiles.phone, `84${p.slice(1)}`));
    // Listed as imported until someone takes it over.
    const listed = async () =>
      (await api.ok(consoleEndpoints.listMembers, { token: manager, query: { q: p } })).body.items.map((i) => [i.displayName, i.imported]);
    expect(await listed()).toEqual([["Hoàng Yến", true]]);
    // Two people who joined and share the same number at the same time (one phone, two Zalo accounts): one claim.
    const a = await enrolledMember(api, `claim-a-${seq}`, "Zalo A");
    const b = await enrolledMember(api, `claim-b-${seq}`, "Zalo B");
    const share = (m: typeof a, id: string) =>
      api.ok(memberEndpoints.phone, { token: m.session.accessToken, body: { phoneToken: `dev-phone:${p}`, accessToken: `dev:${id}` } });
    await Promise.all([share(a, `claim-a-${seq}`), share(b, `claim-b-${seq}`)]);

    const [claimed] = await api.database.db.select().from(importedProfiles).where(eq(importedProfiles.id, profile!.id));
    const winner = [a, b].find((m) => m.card.memberId === claimed!.claimedMemberId)!;
    const loser = [a, b].find((m) => m !== winner)!;
    expect(winner).toBeDefined();
    const balance = async (memberId: string) =>
      (await api.database.db.select({ b: members.pointsBalance, t: members.tier }).from(members).where(eq(members.id, memberId)))[0]!;
    expect(await balance(winner.card.memberId)).toEqual({ b: 700, t: "gold" });
    expect(await balance(loser.card.memberId)).toEqual({ b: 0, t: "member" });
    expect(await balance(profile!.memberId)).toEqual({ b: 0, t: "gold" });
    const [u] = await api.database.db.select({ name: users.displayName }).from(users).where(eq(users.id, winner.user.id));
    expect(u!.name).toBe("Hoàng Yến");
    const [birthday] = await api.database.db
      .select()
      .from(preferenceAnswers)
      .where(and(eq(preferenceAnswers.memberId, winner.card.memberId), eq(preferenceAnswers.questionId, "birthday")));
    expect(birthday!.value).toEqual({ kind: "birthday", day: 2, month: 9 });
    const mine = await api.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, winner.card.memberId));
    expect(mine).toMatchObject([{ kind: "adjust", points: 700, memberReason: "opening_balance" }]);
    // The only consent the winner has is the membership they accepted themselves: none came with the file.
    const theirs = await api.database.db.select().from(consents).where(eq(consents.userId, winner.user.id));
    expect(theirs.map((c) => c.purpose)).toEqual(["membership"]);

    // Both Zalo accounts that share the number are listed; the emptied placeholder no longer is.
    expect((await listed()).sort()).toEqual([
      ["Hoàng Yến", false],
      [loser === a ? "Zalo A" : "Zalo B", false],
    ]);
    // Sharing again claims nothing more.
    await share(winner, winner === a ? `claim-a-${seq}` : `claim-b-${seq}`);
    expect(await balance(winner.card.memberId)).toEqual({ b: 700, t: "gold" });
    await expectLedgerInvariants(api.database);
  });

  it("a phone one joined member shared is merged into them once: opening balance with its lot, tier raised, name and birthday only where missing, no consent, no placeholder", async () => {
    // A: joined with a Zalo name, shared their phone, has points and a birthday, and a tier above the file's.
    const [pa, pb, pc, pn] = [phone(), phone(), phone(), phone()];
    const a = await joined(pa, "Zalo An");
    await importedEarn(api, { memberId: a.card.memberId, storeId, receiptNo: `HD-${seq}`, billVnd: 1_000_000 });
    await api.database.db.update(members).set({ tier: "diamond" }).where(eq(members.id, a.card.memberId));
    const form = (await api.ok(preferenceEndpoints.myPreferences, { token: a.session.accessToken })).body.form;
    await api.ok(preferenceEndpoints.saveAnswer, {
      token: a.session.accessToken,
      params: { questionId: "birthday" },
      body: { formVersion: form.version, value: { kind: "birthday", day: 1, month: 1 } },
    });
    // B: Zalo gave no name, no birthday, the entry tier.
    const b = await joined(pb, null);
    expect((await memberRow(b.card.memberId)).name).toMatch(/^Khách /);
    // C1, C2: two Zalo accounts share one number: whose points are they? Refused.
    await joined(pc, "C một");
    await joined(pc, "C hai");
    const consentsBefore = await countRows("consents");
    const csv = [
      "Số điện thoại,Họ tên,Ngày sinh,Điểm,Hạng,Cửa hàng",
      `${pa},Tên cũ của An,20/10/1990,300,Vàng,Quận 1`,
      `${pb},Bình POS,02/09/1995,450,Vàng,`,
      `${pc},Chung số,,50,,`,
      `${pn},Người mới,,25,,`,
    ].join("\r\n");

    const dry = await upload("dryRun", "pos.csv", csv);
    expect(memberImportEndpoints.dryRun.response.safeParse(dry.body).success).toBe(true);
    expect(dry.body).toMatchObject({ total: 4, toImport: 1, toMerge: 2, alreadyImported: 0, refused: 1, points: 775, mergePoints: 750 });
    expect(dry.body.problems).toEqual([{ code: "phone_ambiguous", field: "phone", params: { row: 4 } }]);

    const membersBefore = await countRows("members");
    const res = await upload("run", "pos.csv", csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "done", total: 4, processed: 4, imported: 1, merged: 2, skipped: 0, refused: 1 });
    // One placeholder: the new phone's. None for the merged rows, none for the refused one.
    expect(await countRows("members")).toBe(membersBefore + 1);

    const profiles = await api.database.db.select().from(importedProfiles).where(eq(importedProfiles.importId, res.body.id));
    const profileOf = (p: string) => profiles.find((x) => x.phone === intl(p));
    expect(profileOf(pc)).toBeUndefined();
    for (const [p, m] of [
      [pa, a],
      [pb, b],
    ] as const) {
      expect(profileOf(p)).toMatchObject({ memberId: m.card.memberId, claimedMemberId: m.card.memberId, claimedAt: expect.any(Date) });
    }
    // A: ONE opening entry on top of what they had, with its lot (the import's expiry); the diamond tier, Zalo name and own birthday kept.
    const entriesOf = (memberId: string) =>
      api.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.memberId, memberId)).orderBy(ledgerEntries.occurredAt);
    const aEntries = await entriesOf(a.card.memberId);
    expect(aEntries.filter((e) => e.memberReason === "opening_balance")).toMatchObject([
      { kind: "adjust", points: 300, balanceAfter: 400, actorKind: "manager", idempotencyKey: `import:${intl(pa)}`, storeId },
    ]);
    const placeholderLot = (
      await api.database.db
        .select()
        .from(pointLots)
        .where(eq(pointLots.memberId, profileOf(pn)!.memberId))
    )[0]!;
    const aLot = (
      await api.database.db
        .select()
        .from(pointLots)
        .where(eq(pointLots.id, aEntries.at(-1)!.id))
    )[0]!;
    expect(aLot).toMatchObject({ memberId: a.card.memberId, original: 300, remaining: 300, expiresAt: placeholderLot.expiresAt });
    expect(await memberRow(a.card.memberId)).toEqual({ balance: 400, tier: "diamond", name: "Zalo An" });
    const birthdayOf = async (memberId: string) =>
      (
        await api.database.db
          .select({ value: preferenceAnswers.value })
          .from(preferenceAnswers)
          .where(and(eq(preferenceAnswers.memberId, memberId), eq(preferenceAnswers.questionId, "birthday")))
      )[0]?.value;
    expect(await birthdayOf(a.card.memberId)).toEqual({ kind: "birthday", day: 1, month: 1 });
    // B: the tier raised, the name and birthday filled (they had none).
    expect(await memberRow(b.card.memberId)).toEqual({ balance: 450, tier: "gold", name: "Bình POS" });
    expect(await birthdayOf(b.card.memberId)).toEqual({ kind: "birthday", day: 2, month: 9 });
    expect(await entriesOf(b.card.memberId)).toMatchObject([{ points: 450, balanceAfter: 450, memberReason: "opening_balance" }]);
    // No consent came with the file.
    expect(await countRows("consents")).toBe(consentsBefore);
    await expectLedgerInvariants(api.database);
    // The console lists A once, as the member who joined (not as an imported row).
    const listed = (await api.ok(consoleEndpoints.listMembers, { token: manager, query: { q: pa } })).body.items;
    expect(listed.map((i) => [i.memberId, i.imported])).toEqual([[a.card.memberId, false]]);

    // The same file again (another import id), and the dry run: nothing changes, the merged rows count as imported before.
    const entries = await countRows("ledger_entries");
    const again = await upload("run", "pos.csv", csv);
    expect(again.body).toMatchObject({ status: "done", imported: 0, merged: 0, skipped: 3, refused: 1 });
    expect((await upload("dryRun", "pos.csv", csv)).body).toMatchObject({ toImport: 0, toMerge: 0, alreadyImported: 3, mergePoints: 0 });
    // Sharing the phone again, or another Zalo account sharing it: no second claim.
    await share(b, b.id, pb);
    const other = await joined(pb, "Người khác");
    expect(await countRows("ledger_entries")).toBe(entries);
    expect(await memberRow(b.card.memberId)).toMatchObject({ balance: 450 });
    expect(await memberRow(other.card.memberId)).toMatchObject({ balance: 0, tier: "member" });
    await expectLedgerInvariants(api.database);
  });

  it("two imports of one file at once, or an import racing a phone share, give the opening balance once", async () => {
    // Merged rows: the same file twice at once.
    const p = phone();
    const m = await joined(p, "Song song");
    // Both check the file before either writes (a barrier), so both take the row for a merge: the statement decides.
    const [manager1] = await api.database.db.select().from(users).where(eq(users.role, "manager")).limit(1);
    const actor = { userId: manager1!.id, brandId: manager1!.brandId, role: "manager" };
    let checkedCount = 0;
    let release!: () => void;
    const bothChecked = new Promise<void>((resolve) => (release = resolve));
    const run = () =>
      runImport(api.database.db, api.clock.now(), actor, {
        importId: crypto.randomUUID(),
        fileName: "twice.csv",
        bytes: new TextEncoder().encode(`phone,points\n${p},120\n`),
        onChecked: () => {
          if (++checkedCount === 2) release();
          return bothChecked;
        },
      });
    const jobs = (await Promise.all([run(), run()])).map((r) => (r.ok ? r.value : null));
    expect(jobs.map((j) => [j?.merged, j?.skipped]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(await openingEntries([m.card.memberId])).toEqual([{ member_id: m.card.memberId, points: 120 }]);

    // An import racing two Zalo accounts sharing the phone: whatever the order (a placeholder then a claim, a
    // merge, or a refusal as ambiguous), the 80 points reach the brand's books once or, refused, not at all.
    const q = phone();
    const [x, y] = [await enrolledMember(api, `race-x-${seq}`, "X"), await enrolledMember(api, `race-y-${seq}`, "Y")];
    const [job] = await Promise.all([
      upload("run", "race.csv", `phone,points\n${q},80\n`),
      share(x, `race-x-${seq}`, q),
      share(y, `race-y-${seq}`, q),
    ]);
    const [profile] = await api.database.db
      .select()
      .from(importedProfiles)
      .where(eq(importedProfiles.phone, intl(q)));
    const holders = [...new Set([x.card.memberId, y.card.memberId, ...(profile ? [profile.memberId] : [])])];
    const balances = await Promise.all(holders.map(async (id) => (await memberRow(id)).balance));
    expect(balances.reduce((sum, b) => sum + b, 0)).toBe(80 * (job.body.imported + job.body.merged));
    // Credits of opening balance to the two people: one at most.
    expect((await openingEntries([x.card.memberId, y.card.memberId])).length).toBeLessThanOrEqual(1);
    await expectLedgerInvariants(api.database);
  });

  it("a shopper who shares the phone after the file was checked, before its rows are written, is merged into, not left behind a placeholder", async () => {
    const p = phone();
    const id = `late-${seq}`;
    const late = await enrolledMember(api, id, "Chia sẻ muộn");
    const membersBefore = await countRows("members");
    const res = await importDirect("late.csv", [[p, 60]], {
      // The check saw nobody with this phone; the share (and its claim, which finds nothing yet) comes now.
      onChecked: () => share(late, id, p),
    });
    expect(res.ok && res.value).toMatchObject({ imported: 0, merged: 1, skipped: 0 });
    expect(await countRows("members")).toBe(membersBefore);
    expect(await memberRow(late.card.memberId)).toMatchObject({ balance: 60 });
    await expectLedgerInvariants(api.database);
  });

  it("a share that lands while a batch is being written waits for the batch, then claims what it wrote", async () => {
    const p = phone();
    const id = `mid-${seq}`;
    const mid = await enrolledMember(api, id, "Giữa chừng");
    let sharing: Promise<unknown> = Promise.resolve();
    // Until the share has committed, or is waiting for a lock (PostgreSQL). PGlite has one
    // connection: the share's transaction cannot start before the batch's ends, and asking the
    // database from here, outside the batch's transaction, would wait for it too.
    const shareCommittedOrWaiting = async () => {
      if (api.database.driver !== "postgres") return;
      let settled = false;
      void sharing.finally(() => (settled = true));
      for (;;) {
        if (settled) return;
        const [w] = await queryRows<{ n: number }>(
          api.database.db,
          sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
        );
        if (w!.n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const res = await importDirect("mid.csv", [[p, 70]], {
      // The batch has looked the phone up (nobody has it) and is about to write its placeholder.
      onBatchLookedUp: () => {
        sharing = share(mid, id, p);
        return shareCommittedOrWaiting();
      },
    });
    await sharing;
    expect(res.ok && res.value).toMatchObject({ imported: 1, merged: 0, skipped: 0 });
    // The share waited for the batch and claimed its placeholder: the points are the shopper's.
    expect(await memberRow(mid.card.memberId)).toMatchObject({ balance: 70 });
    const [profile] = await api.database.db
      .select()
      .from(importedProfiles)
      .where(eq(importedProfiles.phone, intl(p)));
    expect(profile).toMatchObject({ claimedMemberId: mid.card.memberId });
    await expectLedgerInvariants(api.database);
  });

  it("hostile input is a 4xx with a stable code, never a 5xx, and changes nothing", async () => {
    const before = await countRows("imported_profiles");
    const marketer = await consoleSession(api, "marketer");
    const cases: [string, Awaited<ReturnType<typeof upload>>, number, string][] = [
      ["marketer", await upload("dryRun", "a.csv", "phone\n0912345678", marketer), 403, "forbidden"],
      ["empty", await upload("dryRun", "a.csv", ""), 422, "import_file_invalid"],
      ["header only", await upload("run", "a.csv", "phone,name\r\n"), 422, "import_file_invalid"],
      ["no phone column", await upload("dryRun", "a.csv", "name,points\nAn,5"), 422, "import_file_invalid"],
      ["extension", await upload("dryRun", "a.pdf", "phone\n0912345678"), 415, "import_file_type"],
      ["fake xlsx", await upload("dryRun", "a.xlsx", "phone\n0912345678"), 415, "import_file_type"],
      [
        "not utf-8 (lone surrogate bytes)",
        await upload("dryRun", "a.csv", new Uint8Array([0x70, 0x0a, 0xed, 0xa0, 0x80])),
        422,
        "import_file_invalid",
      ],
      ["unterminated quote", await upload("dryRun", "a.csv", 'phone\n"0912'), 422, "import_file_invalid"],
      [
        "JSON sent as the file",
        await api.call("POST", endpointUrl(memberImportEndpoints.dryRun, { query: { fileName: "a.csv" } }), {
          token: manager,
          body: { phone: 1 },
        }),
        422,
        "import_file_invalid",
      ],
      ["NUL in the file name", await upload("dryRun", "\u0000.csv", "phone\n0912345678"), 400, "invalid_request"],
      [
        "no file name",
        await api.call("POST", "/console/member-imports/dry-run", { token: manager, rawBody: "phone" }),
        400,
        "invalid_request",
      ],
      [
        "bad import id",
        await api.call("POST", "/console/member-imports?fileName=a.csv&importId=1", { token: manager, rawBody: "phone" }),
        400,
        "invalid_request",
      ],
      ["unknown job", await api.call("GET", `/console/member-imports/${crypto.randomUUID()}`, { token: manager }), 404, "import_not_found"],
      ["too large", await upload("dryRun", "a.csv", new Uint8Array(20 * 1024 * 1024 + 1)), 413, "import_file_too_large"],
    ];
    for (const [name, res, status, code] of cases) expect([name, res.status, res.body?.error?.code]).toEqual([name, status, code]);
    expect(cases[2]![1].body.error.issues).toEqual([{ code: "import_file_empty" }]);

    // Row-level hostility: NUL, huge and non-integer numbers, formulas: refused rows, a 200.
    const rows = await upload(
      "dryRun",
      "a.csv",
      `phone,name,points\n0912345001,Nul\u0000,1\n0912345002,Big,99999999999999999999999\n0912345003,=cmd(),1.5\n0912345004,Ok,1e3\n`,
    );
    expect(rows.status).toBe(200);
    expect(rows.body.problems.map((p: { code: string }) => p.code)).toEqual([
      "text_characters",
      "points_too_large",
      "points_invalid",
      "points_invalid",
    ]);
    expect(await countRows("imported_profiles")).toBe(before);
  });
});
