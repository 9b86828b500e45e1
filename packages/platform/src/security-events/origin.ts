// Which request an event belongs to, as plain data: the HTTP edge (routes/origin.ts) builds it
// from the request id and client address and passes it to the operation it calls, which threads
// it down to every event it records (`events.record(name, { ...origin, ... })`). Business code
// learns nothing of HTTP. Outside a request (the CLI, the control socket) there is none.
export interface RequestOrigin {
  readonly requestId: string;
  readonly client: string;
}
