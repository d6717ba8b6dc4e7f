import { listSmsNumbersQueryKey, type SmsNumberDto, type SmsNumberListDto } from '@leadflow/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/**
 * The numbers' list kept in step with what the API answered to a change. The list is read again
 * too: only it says why a number's last text failed (a change's answer leaves that out).
 */
export function useSmsNumbersCache() {
  const queryClient = useQueryClient();
  const put = useCallback(
    (number: SmsNumberDto) => {
      queryClient.setQueryData<SmsNumberListDto>(listSmsNumbersQueryKey(), (list) =>
        list
          ? {
              ...list,
              items: list.items.some((n) => n.id === number.id)
                ? list.items.map((n) => (n.id === number.id ? number : n))
                : [...list.items, number],
            }
          : list,
      );
      void queryClient.invalidateQueries({ queryKey: listSmsNumbersQueryKey() });
    },
    [queryClient],
  );
  const drop = useCallback(
    (id: string) =>
      queryClient.setQueryData<SmsNumberListDto>(listSmsNumbersQueryKey(), (list) =>
        list ? { ...list, items: list.items.filter((n) => n.id !== id) } : list,
      ),
    [queryClient],
  );
  return { put, drop };
}
