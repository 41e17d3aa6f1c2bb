import { useParams } from 'react-router';
import { ProviderReviews } from '@/features/reviews/components/provider-reviews';
import { ProviderProfile } from '@/features/services/components/provider-profile';
import { useHydrated } from '@/hooks/use-hydrated';

export function ProviderRoute() {
  const { id = '' } = useParams();
  // The reviews are read in the browser (the profile's rating is in its server-rendered HTML).
  const hydrated = useHydrated();
  return (
    <div className="container section">
      <ProviderProfile key={id} id={id} />
      {hydrated && <ProviderReviews key={`reviews-${id}`} providerId={id} />}
    </div>
  );
}
