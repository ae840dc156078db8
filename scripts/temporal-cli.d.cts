export declare function findTemporalCli(): string | undefined;
export declare function installTemporalCli(): Promise<string>;
export declare const VERSION: string;
export declare const LOCAL_BINARY: string;
export declare const HOW_TO_FIX: string;
