import { useParams } from 'react-router';
import { ProviderProfile } from '@/features/services/components/provider-profile';

export function ProviderRoute() {
  const { id = '' } = useParams();
  return (
    <div className="container section">
      <ProviderProfile key={id} id={id} />
    </div>
  );
}
