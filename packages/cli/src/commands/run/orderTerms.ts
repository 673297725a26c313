// Tags and restrictions (M2) of the orders the CLI signs: `run` (request orders) and `app publish`.
import { type AppOrderTerms, parseTag } from '@proofgrid/sdk';
import type { Command } from 'commander';
import { zeroHash } from 'viem';
import { parseAddress, parseUint } from '../../format.ts';

export type RestrictOptions = { tag?: string; restrictDataset?: string; restrictPool?: string; restrictRequester?: string };

const TAG_HELP = 'tag bits the pool must offer (M2: e.g. TEE, GPU), as bit numbers "0,2" or a bytes32 hex';

/** The tag and restriction options of an app order (`app publish`). */
export function appOrderOptions(c: Command): Command {
  return c
    .option('--tag <bits>', TAG_HELP)
    .option('--restrict-dataset <id>', 'the app order serves only runs with this dataset')
    .option('--restrict-pool <id>', 'the app order serves only this workerpool')
    .option('--restrict-requester <address>', 'the app order serves only this requester');
}

/** The app order's tag and restrictions from its options (absent: none). */
export function appOrderTermsOf(o: RestrictOptions): AppOrderTerms {
  return {
    ...(o.tag !== undefined ? { tag: parseTag(o.tag) } : {}),
    ...(o.restrictDataset !== undefined ? { datasetRestrict: parseUint(o.restrictDataset, 'restrict-dataset') } : {}),
    ...(o.restrictPool !== undefined ? { workerpoolRestrict: parseUint(o.restrictPool, 'restrict-pool') } : {}),
    ...(o.restrictRequester !== undefined ? { requesterRestrict: parseAddress(o.restrictRequester, 'restrict-requester') } : {}),
  };
}

/**
 * The request order's tag and pool restriction (`run --tag --restrict-pool`). A request names its
 * app and dataset itself (the positional app and --dataset): those are its app and dataset restrictions.
 */
export function requestTermsOfOptions(o: RestrictOptions) {
  const tag = parseTag(o.tag);
  return {
    ...(tag !== zeroHash ? { tag } : {}),
    ...(o.restrictPool !== undefined ? { workerpool: parseUint(o.restrictPool, 'restrict-pool') } : {}),
  };
}
