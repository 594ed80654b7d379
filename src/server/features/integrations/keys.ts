/**
 * POS API keys in the console (admins): made for one store, shown once, kept as prefix + SHA-256
 * of the secret (http/api-key.ts checks them), revoked at once. Each change is audited.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { ApiKeyView } from "../../../contract/integrations-console";
import { maskedApiKey, newApiKey } from "../../../domain/integrations/api-keys";
import type { Db, Tx } from "../../db/client";
import { apiKeys, auditEvents, stores, users } from "../../db/schema";
import { inTransaction, Refusal, type Outcome } from "../../db/transaction";
import { hashSecret } from "../../http/api-key";

type Admin = { userId: string; brandId: string };

async function keyViews(q: Db | Tx, brandId: string, keyId?: string): Promise<ApiKeyView[]> {
  const rows = await q
    .select({ k: apiKeys, storeName: stores.name, createdBy: users.displayName })
    .from(apiKeys)
    .innerJoin(stores, eq(stores.id, apiKeys.storeId))
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(keyId ? and(eq(apiKeys.brandId, brandId), eq(apiKeys.id, keyId)) : eq(apiKeys.brandId, brandId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(({ k, storeName, createdBy }) => ({
    id: k.id,
    name: k.name,
    storeId: k.storeId,
    storeName,
    masked: maskedApiKey(k.prefix),
    createdAt: k.createdAt.toISOString(),
    createdBy: createdBy ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

export const listApiKeys = (db: Db, brandId: string) => keyViews(db, brandId);

export async function createApiKey(
  db: Db,
  now: number,
  admin: Admin,
  req: { name: string; storeId: string },
): Promise<Outcome<{ key: ApiKeyView; plainKey: string }>> {
  return inTransaction(db, async (tx) => {
    const [store] = await tx.select({ brandId: stores.brandId }).from(stores).where(eq(stores.id, req.storeId));
    if (!store || store.brandId !== admin.brandId) throw new Refusal("store_not_found", "No such store.");
    const made = newApiKey(randomBytes(12), randomBytes(32));
    const [row] = await tx
      .insert(apiKeys)
      .values({
        brandId: admin.brandId,
        storeId: req.storeId,
        name: req.name,
        prefix: made.prefix,
        secretHash: hashSecret(made.secret),
        createdBy: admin.userId,
        createdAt: new Date(now),
      })
      .returning({ id: apiKeys.id });
    await tx.insert(auditEvents).values({
      brandId: admin.brandId,
      actorId: admin.userId,
      action: "api_key_created",
      subjectId: row!.id,
      at: new Date(now),
      detail: { prefix: made.prefix, store: req.storeId, name: req.name },
    });
    const [view] = await keyViews(tx, admin.brandId, row!.id);
    return { key: view!, plainKey: made.key };
  });
}

/** Revokes a key now; revoking it again answers the key as it is. */
export async function revokeApiKey(db: Db, now: number, admin: Admin, keyId: string): Promise<Outcome<ApiKeyView>> {
  return inTransaction(db, async (tx) => {
    const [key] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.brandId, admin.brandId)))
      .for("update");
    if (!key) throw new Refusal("api_key_not_found", "No such API key.");
    if (!key.revokedAt) {
      await tx
        .update(apiKeys)
        .set({ revokedAt: new Date(now) })
        .where(eq(apiKeys.id, keyId));
      await tx.insert(auditEvents).values({
        brandId: admin.brandId,
        actorId: admin.userId,
        action: "api_key_revoked",
        subjectId: keyId,
        at: new Date(now),
        detail: { prefix: key.prefix, store: key.storeId },
      });
    }
    const [view] = await keyViews(tx, admin.brandId, keyId);
    return view!;
  });
}
