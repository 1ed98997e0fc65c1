package com.surveyrelay.info;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/** What the {@code service-info} route answers: which build is running, for operators and smoke tests. */
@Component("serviceInfo")
class ServiceInfo {

    private final String name;
    private final String version;

    ServiceInfo(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        this.name = properties == null ? "survey-relay" : properties.getArtifact();
        this.version = properties == null ? "unknown" : properties.getVersion();
    }

    public Map<String, String> describe() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("service", name);
        info.put("version", version);
        return info;
    }
}
