import { describe, expect, it } from "vitest";
import { refreshRefusal } from "./oa-connection";

describe("refreshRefusal", () => {
  it("a refresh token already used (-14020) disconnects the OA; why depends on whether an earlier call of ours went unanswered", () => {
    expect(refreshRefusal(-14020, true)).toBe("refresh_answer_lost");
    expect(refreshRefusal(-14020, false)).toBe("refresh_token_rejected");
  });

  it("other refusals, undocumented numbers and no number at all are a failed refresh, retried later", () => {
    for (const error of [undefined, -14014, -14003, -124, -216, 0]) {
      expect(refreshRefusal(error, true)).toBeNull();
      expect(refreshRefusal(error, false)).toBeNull();
    }
  });
});
