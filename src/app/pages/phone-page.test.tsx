import { screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MEMBERSHIP_TERMS, PHONE_PURPOSE } from "../../domain/consent/membership-terms";
import { apiError, card, me, session, terms } from "../test-utils/fixtures";
import { mockApi } from "../test-utils/fetch-mock";
import { renderApp, resetDevice } from "../test-utils/render-app";

beforeEach(resetDevice);
afterEach(() => vi.unstubAllGlobals());

function joiningApi(opts: { devIdentity: boolean; phone?: Parameters<typeof mockApi>[0][string] }) {
  let joined = false;
  return mockApi({
    "POST /auth/zalo": { status: 200, body: { session: session(), user: me({ isMember: false }).user } },
    "GET /me": () => ({ status: 200, body: me({ isMember: joined, devIdentity: opts.devIdentity }) }),
    "GET /terms": { status: 200, body: terms() },
    "POST /members": () => {
      joined = true;
      return { status: 201, body: { card: card(), created: true } };
    },
    "GET /members/me/card": { status: 200, body: card() },
    "POST /members/me/phone": opts.phone ?? { status: 200, body: { phoneMasked: "0912 *** 678" } },
  });
}

async function joinAndReachPhoneStep() {
  const app = renderApp();
  await app.user.click(await screen.findByRole("button", { name: "Trở thành thành viên" }));
  await app.user.click(await screen.findByRole("checkbox", { name: MEMBERSHIP_TERMS.vi.agree }));
  await app.user.click(screen.getByRole("button", { name: "Đồng ý và tham gia" }));
  await screen.findByRole("heading", { name: "Thêm số điện thoại" });
  return app;
}

describe("phone step", () => {
  it("explains why, and in dev mode sends the typed test number with the login token", async () => {
    const api = joiningApi({ devIdentity: true });
    const { user } = await joinAndReachPhoneStep();
    expect(await screen.findByText(PHONE_PURPOSE.vi)).toBeInTheDocument();

    await user.type(screen.getByLabelText("Số điện thoại thử nghiệm"), "0912 345 678");
    await user.click(screen.getByRole("button", { name: "Chia sẻ số điện thoại" }));

    await waitFor(() => expect(api.callsTo("POST /members/me/phone")).toHaveLength(1));
    const body = api.callsTo("POST /members/me/phone")[0]?.body as { phoneToken: string; accessToken: string };
    expect(body.phoneToken).toBe("dev-phone:0912345678");
    // The server requires the same Zalo user as the session: the same dev token as at login.
    expect(body.accessToken).toBe((api.callsTo("POST /auth/zalo")[0]?.body as { accessToken: string }).accessToken);
    expect(await screen.findByRole("img", { name: "Mã QR thành viên" })).toBeInTheDocument();
  });

  it("shows the server's reason when the number is refused", async () => {
    joiningApi({ devIdentity: true, phone: { status: 422, body: apiError("phone_invalid") } });
    const { user } = await joinAndReachPhoneStep();
    await user.type(screen.getByLabelText("Số điện thoại thử nghiệm"), "0123456789");
    await user.click(screen.getByRole("button", { name: "Chia sẻ số điện thoại" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Số điện thoại không phải số Việt Nam hợp lệ.");
  });

  it("has no test-number field outside dev mode, and can be skipped", async () => {
    const api = joiningApi({ devIdentity: false });
    const { user } = await joinAndReachPhoneStep();
    expect(screen.queryByLabelText("Số điện thoại thử nghiệm")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Để sau" }));
    expect(await screen.findByRole("img", { name: "Mã QR thành viên" })).toBeInTheDocument();
    expect(api.callsTo("POST /members/me/phone")).toHaveLength(0);
  });
});
