/**
 * Housekeeping (a daily job): sign-in material that can never be used again is deleted, so the
 * tables that every sign-in and refresh reads do not grow for ever and a database dump holds no
 * more of it than it must.
 *
 * - Sessions ended (expired or revoked) more than SESSION_KEEP_MS ago, with their retired refresh
 *   tokens (cascade). A month is kept so a security question ("was this session revoked, when?")
 *   can still be answered from the rows; the audit log keeps sign-ins for longer.
 * - One-time console sign-in links, and OAuth states (OA connect, console Zalo login), once
 *   expired: a used or expired one is refused anyway, and the states hold PKCE verifiers.
 *
 * - Reward images uploaded in the console but never saved on a reward (the editor uploads as soon
 *   as a file is chosen; the manager may then cancel or choose another), or no longer on any
 *   reward, a day after their upload: each holds up to a few hundred KB in the database. A day,
 *   so an editor left open overnight can still save the image it shows.
 *
 * Idempotency keys, webhook event keys and invitations are NOT deleted here: the first two are
 * what keeps a replay from acting twice, and invitations are shown to admins with their history.
 */
import { and, isNotNull, lt, or, sql } from "drizzle-orm";
import { DAY_MS } from "../../domain/loyalty/vietnam-time";
import type { Db } from "../db/client";
import { consoleZaloStates, loginLinks, oaConnectStates, rewardImages, rewards, sessions } from "../db/schema";

export const SESSION_KEEP_MS = 30 * DAY_MS;
/** One-time links and states are kept a day past their expiry (a support question about "my link"). */
export const ONE_TIME_KEEP_MS = DAY_MS;
/** An image no reward shows is kept a day after its upload (see above). */
export const UNUSED_IMAGE_KEEP_MS = DAY_MS;

export type Housekeeping = {
  sessions: number;
  loginLinks: number;
  oaConnectStates: number;
  consoleZaloStates: number;
  rewardImages: number;
};

export async function purgeExpired(db: Db, now: number): Promise<Housekeeping> {
  const sessionBefore = new Date(now - SESSION_KEEP_MS);
  const oneTimeBefore = new Date(now - ONE_TIME_KEEP_MS);
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, sessionBefore), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, sessionBefore))))
      .returning({ id: sessions.id });
    const links = await tx.delete(loginLinks).where(lt(loginLinks.expiresAt, oneTimeBefore)).returning({ id: loginLinks.id });
    const oa = await tx
      .delete(oaConnectStates)
      .where(lt(oaConnectStates.expiresAt, oneTimeBefore))
      .returning({ id: oaConnectStates.stateHash });
    const zalo = await tx
      .delete(consoleZaloStates)
      .where(lt(consoleZaloStates.expiresAt, oneTimeBefore))
      .returning({ id: consoleZaloStates.stateHash });
    const images = await tx
      .delete(rewardImages)
      .where(
        and(
          lt(rewardImages.createdAt, new Date(now - UNUSED_IMAGE_KEEP_MS)),
          sql`not exists (select 1 from ${rewards} where ${rewards.imageId} = ${rewardImages.id})`,
        ),
      )
      .returning({ id: rewardImages.id });
    return {
      sessions: ended.length,
      loginLinks: links.length,
      oaConnectStates: oa.length,
      consoleZaloStates: zalo.length,
      rewardImages: images.length,
    };
  });
}
