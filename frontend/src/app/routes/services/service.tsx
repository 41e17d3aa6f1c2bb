import { useParams } from 'react-router';
import { ServiceDetails } from '@/features/services/components/service-details';

export function ServiceRoute() {
  const { slug = '' } = useParams();
  return (
    <div className="container section">
      <ServiceDetails key={slug} slug={slug} />
    </div>
  );
}
