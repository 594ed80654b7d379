// autocannon 9 ships no types; this is the part bench-ledger.ts uses.
declare module "autocannon" {
  type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (req: Request) => Request;
  };
  type Options = { url: string; connections?: number; duration?: number; pipelining?: number; requests?: Request[] };
  type Result = {
    "2xx": number;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
    requests: { average: number; total: number };
  };
  type Instance = Promise<Result> & {
    on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
