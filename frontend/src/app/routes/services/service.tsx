import { useParams } from 'react-router';
import { ServiceBooking } from '@/features/bookings/components/service-booking';
import { useService } from '@/features/services/api/get-service';
import { ServiceDetails } from '@/features/services/components/service-details';
import { ProviderReviews } from '@/features/reviews/components/provider-reviews';
import { useHydrated } from '@/hooks/use-hydrated';

export function ServiceRoute() {
  const { slug = '' } = useParams();
  // The same query as the details (one request): the slot picker needs the service's id.
  const { data: service } = useService(slug);
  // Free times depend on the moment and are for people, not crawlers: the browser asks for them.
  const hydrated = useHydrated();
  return (
    <div className="container section">
      <ServiceDetails key={slug} slug={slug} />
      {service && hydrated && <ServiceBooking key={service.id} serviceId={service.id} slug={service.slug} />}
      {service && hydrated && <ProviderReviews key={`reviews-${service.provider.id}`} providerId={service.provider.id} />}
    </div>
  );
}
