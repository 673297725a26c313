import { defineArea, spec } from './types.ts';

/** A malformed command line (UsageError: exit code 2). */
const usage = (hint: string) => spec('user', 'never', 400, hint);
/** Missing or wrong local configuration (ConfigError). */
const config = (hint: string) => spec('config', 'after-fix', 400, hint);

/** The command line (packages/cli). */
export const CLI_ERRORS = defineArea('cli', {
  UsageInvalid: usage('the command line is malformed: see --help'),
  ArgsInvalid: usage('--args is not valid (JSON that does not parse)'),
  ParamsInvalid: usage("--params must be a JSON object with the app's parameters"),
  NumberInvalid: usage('give a positive whole number'),
  AmountInvalid: usage('give tokens as a decimal number, e.g. 1.5'),
  HashInvalid: usage('give 0x and 64 hex digits'),
  AddressInvalid: usage('give 0x and 40 hex digits'),
  OrderKindInvalid: usage('unknown order kind: see --help'),
  OrderStatusInvalid: usage('unknown order status: see --help'),
  RoleUnknown: usage('unknown dev account role: see --help'),
  SignerAmbiguous: usage('give either a key (--key / PROOFGRID_KEY) or --as <role>, not both'),
  FileUnreadable: usage('the file cannot be read: check the path and its permissions'),
  KeyFileInvalid: usage('the file does not hold a 32-byte hex key'),
  WasmInvalid: usage('the file is not a WebAssembly module'),
  TaskOutOfRange: usage('the deal has fewer tasks than that index'),
  TaskUnscheduled: spec('user', 'wait', 409, 'the task is not scheduled yet: try again shortly'),
  TaskNotFinalized: spec('user', 'wait', 409, 'the task has no agreed result yet: wait for its batch to finalize'),
  MarketUnknown: config('no market service: pass --market <url>, set PROOFGRID_MARKET, or run `npm start`'),
  SecretsUnknown: config('no secret service: pass --secrets <url>, set PROOFGRID_SECRETS, or run `npm start`'),
  KeyInvalid: config('the private key is malformed: give 64 hex digits (0x optional)'),
  SignerMissing: config('this command signs: pass --key <hex>, set PROOFGRID_KEY, or on the devnet --as <role>'),
  DevAccountUnavailable: config('--as <role> only works on the local devnet (chain 31337): use --key'),
  DeploymentNotFound: config('no deployment file: pass --deployment <file>, set PROOFGRID_DEPLOYMENT, or run `npm start`'),
  ExamplesNotFound: config('PROOFGRID_EXAMPLES points to a file that does not exist: fix or unset it'),
  ExamplesInvalid: config("the example apps' registry file exports no `apps`"),
  DeploymentInvalid: config('the deployment file is not a Proofgrid deployment'),
  AppNotPublished: spec('user', 'after-fix', 404, 'the app is not published on this market: proofgrid app publish'),
  PriceAboveMax: spec('user', 'after-fix', 409, 'the cheapest offer costs more than the max price: raise --max-price'),
  DealFailed: spec('user', 'never', 422, "the deal failed: see the failed task's error"),
});

/** The web app (packages/web). */
export const WEB_ERRORS = defineArea('web', {
  WalletMissing: spec('config', 'after-fix', 400, 'this browser has no wallet: install one, or on the local devnet pick a dev account'),
  WalletNoAccount: spec('user', 'after-fix', 400, 'the wallet shared no account: unlock it and connect again'),
  WalletNotConnected: spec('user', 'after-fix', 400, 'connect a wallet first (Wallet page)'),
  WalletWrongNetwork: spec('user', 'after-fix', 400, "switch the wallet to the market's chain"),
  UserRejected: spec('abort', 'never', 400, 'the request was rejected in the wallet: nothing was signed or sent'),
  InsufficientFunds: spec('user', 'after-fix', 402, 'your balance is too low: deposit more on the Wallet page'),
  InsufficientGas: spec('user', 'after-fix', 402, 'this account has no ETH to pay for gas: fund it'),
  InputInvalid: spec('user', 'never', 400, 'check the form'),
  NoAppOrder: spec('user', 'wait', 404, 'the app has no open app order on this market'),
  NoWorkerpoolOrder: spec('user', 'wait', 404, 'no workerpool offers this category on this market'),
  Unknown: spec('internal', 'never', 500, 'an unexpected error: see the browser console'),
  // The page's static server (packages/web/server.ts).
  PagePathInvalid: spec('user', 'never', 400, 'the request path is not valid percent-encoded UTF-8'),
  PageMethodRefused: spec('user', 'never', 405, 'the page server is static: only GET and HEAD (the allow header)'),
});
