/*
 * The zmp-ui stylesheets of the components the Mini App uses, instead of the whole zaui.css
 * (scripts/build/zaui-css.ts keeps their shared theme once, and says why). Imported from
 * script rather than with CSS @import so that plugin sees each file. app comes first: it holds
 * the theme variables, the reset and the body font (system fonts). A page that starts using
 * another zmp-ui component adds its stylesheet here.
 */
import "zmp-ui/app/styles/app.css";
import "zmp-ui/page/styles/page.css";
import "zmp-ui/router/styles/router.css";
import "zmp-ui/button/styles/button.css";
import "zmp-ui/bottom-navigation/styles/bottom-navigation.css";
import "zmp-ui/snackbar-provider/styles/snackbar-provider.css";
import "zmp-ui/modal/styles/modal.css";
import "zmp-ui/switch/styles/switch.css";
