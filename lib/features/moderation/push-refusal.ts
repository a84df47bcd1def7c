// A push that fails a check: refused (403), counted per source, logged with its reason only.

export class Refusal {
  constructor(readonly reason: string) {}
}

export function refuse(reason: string): never {
  throw new Refusal(reason);
}
