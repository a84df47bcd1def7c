// Whose a stored item is: every per-user query is scoped by both fields.

export interface Owner {
  appId: string;
  openId: string;
}
