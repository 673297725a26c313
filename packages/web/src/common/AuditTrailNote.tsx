import { useSession } from '../session/Session.tsx';

/** The footer: where this market lives. */
export function AuditTrailNote() {
  const { config } = useSession();
  return (
    <footer>
      Chain {config.deployment.chainId} · hub <code>{config.deployment.hub}</code> · every payment and verdict is on chain and replayable.
    </footer>
  );
}
