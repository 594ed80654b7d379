import { z } from "zod";
import { Uuid } from "../common";
import { defineEndpoints } from "../endpoint";
import {
  ConsentRequest,
  ConsoleForm,
  EraseRequest,
  EraseResponse,
  MemberConsentsView,
  MemberExport,
  MemberPreferencesView,
  MyConsents,
  MyPreferences,
  PreferenceStats,
  PublishFormRequest,
  SaveAnswerRequest,
  SaveAnswerResponse,
  ZaloAnswerRequest,
} from "../preferences";
import { text } from "../text";

const MemberParam = z.object({ id: Uuid });

export const preferenceEndpoints = defineEndpoints({
  // member
  myPreferences: { method: "get", path: "/members/me/preferences", response: MyPreferences },
  saveAnswer: {
    method: "put",
    path: "/members/me/preferences/{questionId}",
    params: z.object({ questionId: text().max(40) }),
    body: SaveAnswerRequest,
    response: SaveAnswerResponse,
  },
  myConsents: { method: "get", path: "/members/me/consents", response: MyConsents },
  setConsent: { method: "post", path: "/members/me/consents", body: ConsentRequest, response: MyConsents },
  zaloAnswer: { method: "post", path: "/members/me/consents/zalo", body: ZaloAnswerRequest, response: MyConsents },
  exportData: { method: "get", path: "/members/me/export", response: MemberExport },
  erase: { method: "post", path: "/members/me/erase", body: EraseRequest, response: EraseResponse },
  // console
  form: { method: "get", path: "/console/preferences/form", response: ConsoleForm },
  publishForm: { method: "put", path: "/console/preferences/form", body: PublishFormRequest, response: ConsoleForm },
  stats: { method: "get", path: "/console/preferences/stats", response: PreferenceStats },
  memberPreferences: { method: "get", path: "/console/members/{id}/preferences", params: MemberParam, response: MemberPreferencesView },
  memberConsents: { method: "get", path: "/console/members/{id}/consents", params: MemberParam, response: MemberConsentsView },
});
