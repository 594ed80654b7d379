import { useAtomValue, useSetAtom } from "jotai";
import { Button, Page, useNavigate } from "zmp-ui";
import { Notice } from "../../components/notice";
import { PageTitle } from "../../components/page-title";
import { usePageEntry } from "../../components/use-page-entry";
import { ROUTES } from "../../routes";
import { checkinStateAtom, loadCheckinStateAtom } from "../../state/checkin";
import { loadMyGamesAtom, myGamesAtom } from "../../state/games";
import { loadMyReferralsAtom, myReferralsAtom } from "../../state/referrals";
import { meAtom } from "../../state/session";
import { useGameT } from "./strings";
import { CheckinSection } from "./checkin-section";
import { InviteSection } from "./invite-section";
import { WheelSection } from "./wheel-section";
import "./games.css";

/** The Games tab (issue 14): the lucky wheel, the daily check-in and the invitations. */
export function GamesPage() {
  const gt = useGameT();
  const navigate = useNavigate();
  const isMember = useAtomValue(meAtom)?.user.isMember === true;
  const games = useAtomValue(myGamesAtom);
  const loadGames = useSetAtom(loadMyGamesAtom);
  const checkin = useAtomValue(checkinStateAtom);
  const loadCheckin = useSetAtom(loadCheckinStateAtom);
  const referrals = useAtomValue(myReferralsAtom);
  const loadReferrals = useSetAtom(loadMyReferralsAtom);

  // Plays reset at midnight and are earned elsewhere (a survey, the profile): read them on each visit.
  usePageEntry(() => {
    // Quiet once shown: each part stays on screen while it is read again. Three reads in
    // parallel, each part drawn as its answer comes.
    if (!isMember) return;
    void loadGames({ quiet: games.status === "ready" });
    void loadCheckin({ quiet: checkin.status === "ready" });
    void loadReferrals({ quiet: referrals.status === "ready" });
  });

  return (
    <Page className="page page--tab games-page">
      <PageTitle title={gt("games.title")} />
      {isMember ? (
        <>
          <WheelSection />
          <CheckinSection />
          <InviteSection />
        </>
      ) : (
        <div className="stack-12">
          <Notice tone="info">{gt("games.notMember")}</Notice>
          <Button fullWidth size="large" onClick={() => navigate(ROUTES.onboarding)}>
            {gt("games.join")}
          </Button>
        </div>
      )}
    </Page>
  );
}
