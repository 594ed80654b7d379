import type { QuestionKind } from "../../domain/preferences/form";
import type { MessageKey } from "../i18n";

export const KIND_KEYS: Record<QuestionKind, MessageKey> = {
  birthday: "prefs.kind.birthday",
  single: "prefs.kind.single",
  multi: "prefs.kind.multi",
  store: "prefs.kind.store",
  text: "prefs.kind.text",
};

export function kindKey(kind: string): MessageKey | null {
  return Object.hasOwn(KIND_KEYS, kind) ? KIND_KEYS[kind as QuestionKind] : null;
}
