// Drawing as the "一笔到底" demo records it: canvas actions a mini program's canvas context can
// replay (setStrokeStyle, setLineWidth, moveTo, lineTo, stroke).
import type { DrawingAction } from '../client/src/types.js';

export function recordOn(
  canvas: HTMLCanvasElement,
  color: () => string,
): { actions: DrawingAction[]; clear(): void } {
  const ctx = canvas.getContext('2d')!;
  const actions: DrawingAction[] = [];
  let drawing = false;
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return [Math.round(e.clientX - r.left), Math.round(e.clientY - r.top)];
  };
  const apply = (a: DrawingAction) => {
    actions.push(a);
    replayOne(ctx, a);
  };
  canvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    apply({ method: 'setStrokeStyle', data: [color()] });
    apply({ method: 'setLineWidth', data: [4] });
    apply({ method: 'beginPath', data: [] });
    apply({ method: 'moveTo', data: at(e) });
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    apply({ method: 'lineTo', data: at(e) });
    apply({ method: 'stroke', data: [] });
  });
  canvas.addEventListener('pointerup', () => {
    drawing = false;
  });
  return {
    actions,
    clear() {
      actions.length = 0;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
}

function replayOne(ctx: CanvasRenderingContext2D, { method, data }: DrawingAction): void {
  const [a, b] = data as [number & string, number];
  if (method === 'setStrokeStyle') ctx.strokeStyle = String(a);
  else if (method === 'setLineWidth') ctx.lineWidth = Number(a);
  else if (method === 'beginPath') ctx.beginPath();
  else if (method === 'moveTo') ctx.moveTo(Number(a), b);
  else if (method === 'lineTo') ctx.lineTo(Number(a), b);
  else if (method === 'stroke') ctx.stroke();
}

export function replay(canvas: HTMLCanvasElement, actions: DrawingAction[]): void {
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.lineCap = 'round';
  for (const action of actions) replayOne(ctx, action);
}
