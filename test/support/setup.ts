import { useVietnameseZodMessages } from '../../domain/zod-locale';
import { loadConfig } from '../../shared/config';
import { configureLogger } from '../../shared/logger';

// Every test file starts as the product's entry points do: zod's messages in Vietnamese, and the
// log level of the configuration (global setup sets DONDOC_LOG_LEVEL=error unless told otherwise).
useVietnameseZodMessages();
configureLogger(loadConfig());
