// album-check: the COS trigger on the album bucket (cos:ObjectCreated:*, prefix album/). Each new
// image is recorded and sent to WeChat's media_check_async; the verdict comes back through wx-push.
import { createCosFunction, imageArrived } from '@weapp-scf/layer';

export const { main_handler } = createCosFunction('album-check', (app, key) =>
  imageArrived(app.moderation, key),
);
