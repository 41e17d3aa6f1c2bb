import type { ProviderBadges as Badges } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';

const ORDER = ['identityVerified', 'phoneVerified', 'certificateVerified'] as const;

/** What the platform checked about a provider, shown on their page and on search cards. */
export function ProviderBadges({ badges, compact = false }: { badges: Badges; compact?: boolean }) {
  const { t } = useTranslation();
  const shown = ORDER.filter((badge) => badges[badge]);
  if (shown.length === 0) return null;
  return (
    <ul className={compact ? 'badges badges--compact' : 'badges'} aria-label={t('badges.label')}>
      {shown.map((badge) => (
        <li key={badge} className="badges__item">
          <span aria-hidden="true">✓ </span>
          {t(`badges.${badge}`)}
        </li>
      ))}
    </ul>
  );
}
