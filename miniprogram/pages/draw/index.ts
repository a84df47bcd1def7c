// 画板: finger strokes on a canvas 2D, kept as actions (beginPath, moveTo, lineTo, stroke) and
// saved; the list of saved drawings; open one to replay it on the canvas.
import type { DrawingAction, DrawingSummary } from 'weapp-scf-client';
import { api, showError } from '../../api';

type Ctx = WechatMiniprogram.CanvasRenderingContext.CanvasRenderingContext2D;
const REPLAYABLE = new Set(['beginPath', 'moveTo', 'lineTo', 'stroke']);

/** Plays actions on a canvas context; anything but the four stroke calls and their numbers is skipped. */
export function replay(ctx: Ctx, actions: readonly DrawingAction[]): number {
  let played = 0;
  for (const { method, data } of actions) {
    if (!REPLAYABLE.has(method) || !data.every((d) => typeof d === 'number')) continue;
    (ctx[method as 'moveTo'] as (...args: number[]) => void).apply(ctx, data as number[]);
    played++;
  }
  return played;
}

// The canvas context lives outside `data` (setData would copy it).
let ctx: Ctx | null = null;
let width = 0;
let height = 0;

Component({
  data: {
    actions: [] as DrawingAction[],
    drawings: [] as DrawingSummary[],
    title: '',
    openedId: '',
  },
  methods: {
    onLoad() {
      return this.refreshList();
    },
    onReady() {
      this.createSelectorQuery()
        .select('#board')
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: WechatMiniprogram.Canvas; width: number; height: number } | null>) => {
          const canvas = res[0]?.node;
          if (!canvas) return;
          const dpr = wx.getWindowInfo().pixelRatio;
          width = res[0]!.width;
          height = res[0]!.height;
          canvas.width = width * dpr;
          canvas.height = height * dpr;
          ctx = canvas.getContext('2d') as Ctx;
          ctx.scale(dpr, dpr);
          ctx.lineWidth = 4;
          ctx.lineCap = 'round';
        });
    },
    record(action: DrawingAction) {
      if (ctx) replay(ctx, [action]);
      this.data.actions.push(action);
    },
    start(e: WechatMiniprogram.TouchCanvas) {
      const t = e.touches[0];
      if (!t) return;
      this.record({ method: 'beginPath', data: [] });
      this.record({ method: 'moveTo', data: [Math.round(t.x), Math.round(t.y)] });
    },
    move(e: WechatMiniprogram.TouchCanvas) {
      const t = e.touches[0];
      if (!t) return;
      this.record({ method: 'lineTo', data: [Math.round(t.x), Math.round(t.y)] });
      this.record({ method: 'stroke', data: [] });
    },
    clear() {
      ctx?.clearRect(0, 0, width, height);
      this.setData({ actions: [], openedId: '' });
    },
    onTitle(e: WechatMiniprogram.Input) {
      this.setData({ title: e.detail.value });
    },
    async save() {
      if (this.data.actions.length === 0) return wx.showToast({ title: '先画点什么吧', icon: 'none' });
      try {
        const title = this.data.title.trim();
        const saved = await api.drawings.save({ actions: this.data.actions, ...(title ? { title } : {}) });
        wx.showToast({ title: '已保存', icon: 'success' });
        this.setData({ openedId: saved.id });
        await this.refreshList();
      } catch (err) {
        showError(err);
      }
    },
    async refreshList() {
      try {
        const page = await api.drawings.list({ limit: 20 });
        this.setData({ drawings: page.items });
      } catch (err) {
        showError(err);
      }
    },
    async open(
      e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>,
    ) {
      try {
        const drawing = await api.drawings.get(e.currentTarget.dataset.id);
        ctx?.clearRect(0, 0, width, height);
        if (ctx) replay(ctx, drawing.actions);
        this.setData({ actions: drawing.actions, openedId: drawing.id, title: drawing.title ?? '' });
      } catch (err) {
        showError(err);
      }
    },
  },
});
