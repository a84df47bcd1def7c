// The app: logs in on launch (the client keeps the session in wx storage and logs in again by
// itself, once, when a call meets an ended session).
import { api, showError } from './api';

App({
  onLaunch() {
    api.login().catch(showError);
  },
});
